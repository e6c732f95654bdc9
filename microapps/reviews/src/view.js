// The page at /reviews: the signed-in shopper's own reviews, newest first.
import { html } from "htm/preact";
import { myItems } from "./api.js";
import { Stars } from "./stars.js";
import { Failed, Loading, useLoad } from "./states.js";

export function Page({ bff, signal }) {
  const mine = useLoad((s) => myItems(bff, s), [], signal);
  if (mine.status === "loading") return html`<${Loading} />`;
  if (mine.status === "error") return html`<${Failed} error=${mine.error} retry=${mine.retry} />`;
  if (mine.data.count === 0) {
    return html`<div class="notice" data-testid="reviews-empty">
      <p>You have not reviewed anything yet. Open a product you bought and rate it below its details.</p>
      <a class="button" href="/catalog">Browse the shop</a>
    </div>`;
  }
  return html`<ul class="list">
    ${mine.data.items.map((item) => html`
      <li class="card row" key=${item.product_id} data-testid="reviews-item">
        <img src=${item.image_url} alt="" loading="lazy" />
        <div><a href=${`/catalog/p/${item.product_id}`}>${item.product_name}</a>
          <div><${Stars} value=${item.stars} /></div>${item.text && html`<p>${item.text}</p>`}</div>
        <time class="muted" datetime=${new Date(item.updated_at).toISOString()}>${new Date(item.updated_at).toLocaleDateString()}</time>
      </li>`)}
  </ul>`;
}
