// The wish list page (/wishlist): the signed-in shopper's saved products.
import { html, render, useEffect, useState } from "htm/preact";
import { lifecycles, topics } from "@bazaar/platform";
import { listItems, removeItem } from "./api.js";
import { pageCss } from "./styles.js";

function WishlistPage({ bff, bus, signal }) {
  const [state, setState] = useState({ status: "loading", items: [] });
  const load = () => listItems(bff, signal)
    .then((body) => setState({ status: "ready", items: body.items }))
    .catch((error) => signal.aborted || setState({ status: "error", items: [], error }));

  useEffect(() => {
    load();
    return bus.subscribe(topics.WISHLIST_CHANGED, load);
  }, []);

  const remove = async (productId) => {
    const name = state.items.find((item) => item.product_id === productId)?.name;
    await removeItem(bff, productId, name);
    const items = state.items.filter((item) => item.product_id !== productId);
    setState({ status: "ready", items });
    bus.publish(topics.WISHLIST_CHANGED, { count: items.length });
  };

  if (state.status === "loading") return html`<p role="status">Loading your wish list…</p>`;
  if (state.status === "error") {
    return html`<div class="error" role="alert">Your wish list could not be loaded: ${state.error.message}</div>`;
  }
  if (state.items.length === 0) {
    return html`<div class="empty" data-testid="wishlist-empty"><p>Your wish list is empty.</p>
      <p>Tap "Save to wish list" on any product to keep it here.</p>
      <a class="button" href="/catalog">Browse the shop</a></div>`;
  }
  return html`
    <ul class="items">
      ${state.items.map((item) => html`
        <li class="item" key=${item.product_id} data-testid="wishlist-item">
          <img src=${item.image_url} alt="" loading="lazy" />
          <div>
            <a href=${`/catalog/p/${item.product_id}`} data-testid="wishlist-item-name">${item.name}</a>
            <div class="item__price">${item.price_display}</div>
          </div>
          <button class="remove" type="button" onClick=${() => remove(item.product_id)}>Remove</button>
        </li>`)}
    </ul>`;
}

export const { bootstrap, mount, unmount } = lifecycles({
  css: pageCss,
  draw({ domElement, bff, bus }, lifetime) {
    render(html`<section class="wishlist"><h1>Your wish list</h1>
      <${WishlistPage} bff=${bff} bus=${bus} signal=${lifetime} /></section>`, domElement);
    return () => render(null, domElement);
  },
});
