// Reviews on the catalog's product page: the average, everyone's reviews of the product, and
// the signed-in shopper's own, one per product (ReviewForm).
import { html } from "htm/preact";
import { ErrorState, Loading, formatDate, signInUrl } from "@bazaar/platform";
import { describeError } from "../format.js";
import { useProductReviews } from "../hooks/use-product-reviews.js";
import { ReviewForm } from "./review-form.js";
import { Stars } from "./stars.js";

export function ProductReviews({ bff, user, productId, lifetime }) {
  const reviews = useProductReviews({ bff, user, productId, lifetime });
  if (reviews.status === "loading") return html`<${Loading} compact />`;
  if (reviews.status === "error") {
    return html`<${ErrorState} compact testId="reviews-error" ...${describeError(reviews.error)} onRetry=${reviews.retry} />`;
  }
  const [everyone, mine] = reviews.data;
  return html`
    <p class="summary" data-testid="reviews-summary">
      ${everyone.count === 0 ? "No reviews yet. Be the first to review this product."
        : html`<${Stars} value=${everyone.average} label=${`Rated ${everyone.average} out of 5`} />
          <strong>${everyone.average.toFixed(1)}</strong> from ${everyone.count} ${everyone.count === 1 ? "review" : "reviews"}`}
    </p>
    <ul class="list">
      ${everyone.items.map((item) => html`
        <li class="card review" key=${item.author + item.created_at} data-testid="reviews-entry">
          <div class="review__head"><${Stars} value=${item.stars} /> <strong>${item.author}</strong>
            <time class="muted" datetime=${new Date(item.updated_at).toISOString()}>${formatDate(item.updated_at)}</time></div>
          ${item.text && html`<p>${item.text}</p>`}
        </li>`)}
    </ul>
    ${user.signedIn
      ? html`<${ReviewForm} mine=${mine} note=${reviews.note} onSave=${reviews.save} onWithdraw=${reviews.withdraw} />`
      : html`<p class="muted"><a href=${signInUrl()} data-testid="reviews-sign-in">Sign in</a> to write a review.</p>`}`;
}
