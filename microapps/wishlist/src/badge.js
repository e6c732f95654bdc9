// Header parcel: a heart with the number of saved products. It also answers the catalog's
// "wishlist:save" requests, so saving works from any page while the shopper is signed in.
import { html, render, useEffect, useState } from "htm/preact";
import { adoptStyles } from "@bazaar/platform";
import { listItems, saveItem } from "./api.js";
import { badgeCss } from "./styles.js";
import { CHANGED, SAVE, SAVE_FAILED, SAVED } from "./topics.js";

function Badge({ bff, bus }) {
  const [count, setCount] = useState(null);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () => listItems(bff, controller.signal).then((body) => setCount(body.count)).catch(() => {});
    refresh();
    const unsubscribeChanged = bus.subscribe(CHANGED, ({ count: next }) => (next === undefined ? refresh() : setCount(next)));
    const unsubscribeSave = bus.subscribe(SAVE, async (product) => {
      try {
        await saveItem(bff, product);
        bus.publish(SAVED, { productId: product.productId });
        refresh();
      } catch (error) {
        bus.publish(SAVE_FAILED, { productId: product.productId, message: error.message });
      }
    });
    return () => {
      controller.abort();
      unsubscribeChanged();
      unsubscribeSave();
    };
  }, []);

  return html`<a href="/wishlist" aria-label="Wish list" data-testid="wishlist-badge">
    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21s-7.5-4.6-10-9.3C.4 8.3 2.4 4 6.4 4c2.2 0 3.9 1.3 5.6 3.3C13.7 5.3 15.4 4 17.6 4c4 0 6 4.3 4.4 7.7C19.5 16.4 12 21 12 21z"/></svg>
    <span class="count" data-testid="wishlist-count">${count ?? "…"}</span></a>`;
}

let removeStyles = null;

export async function bootstrap() {}

export async function mount({ domElement, bff, bus }) {
  removeStyles = adoptStyles(domElement, badgeCss);
  render(html`<${Badge} bff=${bff} bus=${bus} />`, domElement);
}

export async function unmount({ domElement }) {
  render(null, domElement);
  removeStyles?.();
}
