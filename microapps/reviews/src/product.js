// Reviews on the catalog's product page (mount point "product-details", context
// {productId}): everyone's reviews of the product, and the signed-in shopper's own form.
import { html, render, useState } from "htm/preact";
import { adoptStyles } from "@bazaar/platform";
import { myItem, productItems, removeItem, saveItem } from "./api.js";
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
    const text = new FormData(event.target).get("text");
    const outcome = await saveItem(bff, productId, text).catch((error) => ({ status: "refused", error }));
    setNote(outcome.status === "refused" ? outcome.error.message : outcome.status === "queued" ? "Saved on this device: it is sent when you are back online." : "Saved.");
    listed.retry();
  };
  const withdraw = async () => {
    await removeItem(bff, productId).catch(() => {});
    setNote("Withdrawn.");
    listed.retry();
  };
  return html`
    <ul class="list">
      ${everyone.items.length === 0 && html`<li class="muted">None yet.</li>`}
      ${everyone.items.map((item) => html`
        <li class="card" key=${item.author + item.created_at} data-testid="reviews-entry">
          <strong>${item.author}</strong> <p>${item.text}</p>
        </li>`)}
    </ul>
    ${user.signedIn ? html`
      <form class="card" onSubmit=${submit} data-testid="reviews-form">
        <label for="reviews-text">${mine ? "Edit yours" : "Add yours"}</label>
        <textarea id="reviews-text" name="text" required maxlength="2000" value=${mine?.text || ""}></textarea>
        <div class="actions">
          <button class="button" type="submit">Save</button>
          ${mine && html`<button class="button button--quiet" type="button" onClick=${withdraw}>Withdraw</button>`}
          <span class="muted" role="status">${note}</span>
        </div>
      </form>` : html`<p class="muted">Sign in to add yours.</p>`}`;
}

const teardowns = new Map();

export async function bootstrap() {}

export async function mount({ domElement, bff, user, config, context }) {
  const removeStyles = adoptStyles(domElement, css);
  const controller = new AbortController();
  render(html`<section class="parcel" data-testid="reviews-product">
    <h2>${config.title}</h2>
    <${Section} bff=${bff} user=${user} productId=${context.productId} signal=${controller.signal} />
  </section>`, domElement);
  teardowns.set(domElement, () => {
    controller.abort();
    render(null, domElement);
    removeStyles();
  });
}

export async function unmount({ domElement }) {
  teardowns.get(domElement)?.();
  teardowns.delete(domElement);
}
