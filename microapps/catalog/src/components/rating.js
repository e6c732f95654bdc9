import { html } from "htm/preact";
import { ratingLabel } from "../format.js";

// Five stars filled to the rating through a gradient clipped to the glyphs.
export function Rating({ rating, reviews, compact = false }) {
  const label = ratingLabel(rating, reviews);
  if (!reviews) return html`<p class="rating rating--none">${label}</p>`;
  return html`
    <p class="rating" title=${label}>
      <span class="rating__stars" style=${{ "--fill": `${(rating / 5) * 100}%` }} aria-hidden="true">★★★★★</span>
      <span class="sr-only">${label}</span>
      <span class="rating__value" aria-hidden="true">${rating.toFixed(1)}</span>
      <span class="rating__count" aria-hidden="true">(${compact ? reviews : `${reviews} reviews`})</span>
    </p>`;
}
