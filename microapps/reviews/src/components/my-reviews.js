// The page at /reviews: the signed-in shopper's own reviews, newest first.
import { html } from "htm/preact";
import { EmptyState, ErrorState, Loading, formatDate, useResource } from "@bazaar/platform";
import { myItems } from "../api.js";
import { describeError } from "../format.js";
import { Stars } from "./stars.js";

export function MyReviews({ bff, lifetime }) {
  const mine = useResource((signal) => myItems(bff, signal), [], lifetime);
  if (mine.status === "loading") return html`<${Loading} compact />`;
  if (mine.status === "error") {
    return html`<${ErrorState} compact testId="reviews-error" ...${describeError(mine.error)} onRetry=${mine.retry} />`;
  }
  if (mine.data.count === 0) {
    return html`<${EmptyState} compact testId="reviews-empty"
      message="You have not reviewed anything yet. Open a product you bought and rate it below its details."
      action=${{ label: "Browse the shop", href: "/catalog" }} />`;
  }
  return html`<ul class="list">
    ${mine.data.items.map((item) => html`
      <li class="card row" key=${item.product_id} data-testid="reviews-item">
        <img src=${item.image_url} alt="" loading="lazy" />
        <div><a href=${`/catalog/p/${item.product_id}`}>${item.product_name}</a>
          <div><${Stars} value=${item.stars} /></div>${item.text && html`<p>${item.text}</p>`}</div>
        <time class="muted" datetime=${new Date(item.updated_at).toISOString()}>${formatDate(item.updated_at)}</time>
      </li>`)}
  </ul>`;
}
