// The header badge's count of saved products. The badge also answers signals.WISHLIST_SAVE
// ("save this product", from the catalog): it saves through the wish list BFF and answers
// WISHLIST_SAVED or WISHLIST_SAVE_FAILED. Null until the BFF has answered once.
import { useEffect, useState } from "htm/preact";
import { signals } from "@bazaar/platform";
import { listItems, saveItem } from "../api.js";

export function useWishlistCount({ bff, bus }) {
  const [count, setCount] = useState(null);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () => listItems(bff, controller.signal).then((body) => setCount(body.count)).catch(() => {});
    refresh();
    const unsubscribeChanged = bus.subscribe(signals.WISHLIST_CHANGED, ({ count: next }) => (next === undefined ? refresh() : setCount(next)));
    const unsubscribeSave = bus.subscribe(signals.WISHLIST_SAVE, async ({ productId }) => {
      try {
        await saveItem(bff, productId);
        bus.publish(signals.WISHLIST_SAVED, { productId });
        refresh();
      } catch (error) {
        bus.publish(signals.WISHLIST_SAVE_FAILED, { productId, message: error.message });
      }
    });
    return () => {
      controller.abort();
      unsubscribeChanged();
      unsubscribeSave();
    };
  }, []);

  return count;
}
