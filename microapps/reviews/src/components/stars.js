// Stars: shown (filled to a rating) and picked (a radio group, so keyboards and screen readers
// get one choice of five).
import { html } from "htm/preact";

export function Stars({ value, label = `${value} out of 5 stars` }) {
  return html`<span class="stars" role="img" aria-label=${label} data-testid="reviews-stars">
    ${[1, 2, 3, 4, 5].map((n) => html`<span key=${n} class=${n <= Math.round(value) ? "star star--on" : "star"} aria-hidden="true">★</span>`)}
  </span>`;
}

export function StarPicker({ name = "stars", value = 0, invalid = false, onChange }) {
  return html`<fieldset class="star-picker" aria-invalid=${invalid ? "true" : undefined}
    aria-describedby=${invalid ? "reviews-stars-error" : undefined} onChange=${onChange}>
    <legend>Your rating</legend>
    ${[1, 2, 3, 4, 5].map((n) => html`
      <label key=${n} class="star-picker__choice">
        <input type="radio" name=${name} value=${n} checked=${n === value} required />
        <span aria-hidden="true">★</span><span class="sr-only">${n} ${n === 1 ? "star" : "stars"}</span>
      </label>`)}
  </fieldset>`;
}
