// The signed-in shopper's own review of a product: write it, edit it or withdraw it.
import { html } from "htm/preact";
import { StarPicker } from "./stars.js";

export function ReviewForm({ mine, note, onSave, onWithdraw }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    onSave(Number(form.get("stars")), form.get("text"));
  };
  return html`
    <form class="card" onSubmit=${submit} data-testid="reviews-form">
      <h3>${mine ? "Edit your review" : "Write a review"}</h3>
      <${StarPicker} key=${`stars-${mine?.stars || 0}`} value=${mine?.stars || 0} />
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
