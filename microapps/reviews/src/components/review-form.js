// The signed-in shopper's own review of a product: write it, edit it or withdraw it.
import { html, useState } from "htm/preact";
import { StarPicker } from "./stars.js";

// The shop's own inline message for a missing rating (noValidate: not the browser's bubble).
export function ReviewForm({ mine, note, onSave, onWithdraw }) {
  const [missing, setMissing] = useState(false);
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    if (!form.get("stars")) {
      setMissing(true);
      event.target.querySelector("input[name=stars]")?.focus();
      return;
    }
    setMissing(false);
    onSave(Number(form.get("stars")), form.get("text"));
  };
  return html`
    <form class="card" onSubmit=${submit} data-testid="reviews-form" noValidate>
      <h3>${mine ? "Edit your review" : "Write a review"}</h3>
      <${StarPicker} key=${`stars-${mine?.stars || 0}`} value=${mine?.stars || 0} invalid=${missing}
        onChange=${() => setMissing(false)} />
      ${missing && html`<p class="field-error" id="reviews-stars-error" role="alert" data-testid="reviews-stars-error">
        Choose a rating from 1 to 5 stars.</p>`}
      <label for="reviews-text">Your review (optional)</label>
      <textarea id="reviews-text" name="text" maxlength="2000" value=${mine?.text || ""}
        placeholder="What did you like or dislike?"></textarea>
      <div class="actions">
        <button class="button" type="submit">${mine ? "Update review" : "Post review"}</button>
        ${mine && html`<button class="button button--quiet" type="button" onClick=${onWithdraw}>Withdraw</button>`}
        <span class="muted" role="status">${note}</span>
      </div>
    </form>`;
}
