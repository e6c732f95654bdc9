// Header parcel: a heart with the number of saved products. It also answers
// topics.WISHLIST_SAVE, so "Save to wish list" works from any page while the shopper is
// signed in (the catalog offers the button only while something handles that topic).
import { html, render, useEffect, useState } from "htm/preact";
import { lifecycles, topics } from "@bazaar/platform";
import { listItems, saveItem } from "./api.js";
import { badgeCss } from "./styles.js";

function Badge({ bff, bus }) {
  const [count, setCount] = useState(null);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () => listItems(bff, controller.signal).then((body) => setCount(body.count)).catch(() => {});
    refresh();
    const unsubscribeChanged = bus.subscribe(topics.WISHLIST_CHANGED, ({ count: next }) => (next === undefined ? refresh() : setCount(next)));
    const unsubscribeSave = bus.subscribe(topics.WISHLIST_SAVE, async ({ productId }) => {
      try {
        await saveItem(bff, productId);
        bus.publish(topics.WISHLIST_SAVED, { productId });
        refresh();
      } catch (error) {
        bus.publish(topics.WISHLIST_SAVE_FAILED, { productId, message: error.message });
      }
    });
    return () => {
      controller.abort();
      unsubscribeChanged();
      unsubscribeSave();
    };
  }, []);

  const label = count === null ? "Wish list" : `Wish list, ${count} ${count === 1 ? "item" : "items"}`;
  return html`<a href="/wishlist" aria-label=${label} data-testid="wishlist-badge">
    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21s-7.5-4.6-10-9.3C.4 8.3 2.4 4 6.4 4c2.2 0 3.9 1.3 5.6 3.3C13.7 5.3 15.4 4 17.6 4c4 0 6 4.3 4.4 7.7C19.5 16.4 12 21 12 21z"/></svg>
    <span class="count" data-testid="wishlist-count">${count ?? "…"}</span></a>`;
}

export const { bootstrap, mount, unmount } = lifecycles({
  css: badgeCss,
  draw({ domElement, bff, bus }) {
    render(html`<${Badge} bff=${bff} bus=${bus} />`, domElement);
    return () => render(null, domElement);
  },
});
