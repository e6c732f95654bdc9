// The wish list page's state: the saved products, loaded from the wish list BFF and again
// whenever the list changes elsewhere on the page ("wishlist:changed"), and remove(), which
// tells the rest of the page (the badge) the new count.
import { useEffect, useState } from "htm/preact";
import { signals } from "@bazaar/platform";
import { listItems, removeItem } from "../api.js";

export function useWishlist({ bff, bus, lifetime }) {
  const [state, setState] = useState({ status: "loading", items: [] });
  const load = () => listItems(bff, lifetime)
    .then((body) => setState({ status: "ready", items: body.items }))
    .catch((error) => lifetime.aborted || setState({ status: "error", items: [], error }));

  useEffect(() => {
    load();
    return bus.subscribe(signals.WISHLIST_CHANGED, load);
  }, []);

  const remove = async (productId) => {
    const name = state.items.find((item) => item.product_id === productId)?.name;
    await removeItem(bff, productId, name);
    const items = state.items.filter((item) => item.product_id !== productId);
    setState({ status: "ready", items });
    bus.publish(signals.WISHLIST_CHANGED, { count: items.length });
  };

  return { ...state, retry: load, remove };
}
