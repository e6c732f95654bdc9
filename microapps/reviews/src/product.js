// Reviews on the catalog's product page (mount point "product-details", context
// {productId}): the average, everyone's reviews of the product, and the signed-in shopper's
// own, one per product, to write, edit or withdraw. Writes go through the outbox, so a review
// written offline is sent when the network returns.
import { html, render, useState } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { myItem, productItems, removeItem, saveItem } from "./api.js";
import { StarPicker, Stars } from "./stars.js";
import { Failed, Loading, useLoad } from "./states.js";
import { css } from "./styles.js";

function Section({ bff, user, productId, signal }) {
  const listed = useLoad((s) => Promise.all([
    productItems(bff, productId, s),
    user.signedIn ? myItem(bff, productId, s) : null,
  ]), [productId], signal);
  const [note, setNote] = useState("");
  if (listed.status === "loading") return html`<${Loading} />`;
  if (listed.status === "error") return html`<${Failed} error=${listed.error} retry=${listed.retry} />`;
  const [everyone, mine] = listed.data;
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const outcome = await saveItem(bff, productId, Number(form.get("stars")), form.get("text"))
      .catch((error) => ({ status: "refused", error }));
    setNote(outcome.status === "refused" ? outcome.error.message : outcome.status === "queued" ? "Saved on this device: it is sent when you are back online." : "Saved.");
    listed.retry();
  };
  const withdraw = async () => {
    await removeItem(bff, productId).catch(() => {});
    setNote("Withdrawn.");
    listed.retry();
  };
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
            <time class="muted" datetime=${new Date(item.updated_at).toISOString()}>${new Date(item.updated_at).toLocaleDateString()}</time></div>
          ${item.text && html`<p>${item.text}</p>`}
        </li>`)}
    </ul>
    ${user.signedIn ? html`
      <form class="card" onSubmit=${submit} data-testid="reviews-form">
        <h3>${mine ? "Edit your review" : "Write a review"}</h3>
        <${StarPicker} key=${`stars-${mine?.stars || 0}`} value=${mine?.stars || 0} />
        <label for="reviews-text">Your review (optional)</label>
        <textarea id="reviews-text" name="text" maxlength="2000" value=${mine?.text || ""}
          placeholder="What did you like or dislike?"></textarea>
        <div class="actions">
          <button class="button" type="submit">${mine ? "Update review" : "Post review"}</button>
          ${mine && html`<button class="button button--quiet" type="button" onClick=${withdraw}>Withdraw</button>`}
          <span class="muted" role="status">${note}</span>
        </div>
      </form>` : html`<p class="muted">Sign in to write a review.</p>`}`;
}

export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff, user, config, context }, lifetime) {
    render(html`<section class="parcel" data-testid="reviews-product">
      <h2>${config.title}</h2>
      <${Section} bff=${bff} user=${user} productId=${context.productId} signal=${lifetime} />
    </section>`, domElement);
    return () => render(null, domElement);
  },
});
