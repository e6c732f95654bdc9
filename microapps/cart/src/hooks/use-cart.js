// The cart page's state: loads the cart, changes lines through the cart BFF, tells the rest of
// the page ("cart:changed") and follows changes made elsewhere: the badge on this page, and
// other tabs or an order through the live "cart:me" topic. Changes go through the outbox:
// offline they show at once, marked pending, and are sent when the network returns.
import { useCallback, useEffect, useRef, useState } from "htm/preact";
import { live, outbox, signals } from "@bazaar/platform";
import { cartAfter, getCart, pendingProducts, removeItem, setQuantity } from "../api.js";
import { describeError } from "../format.js";

export function useCart({ bff, bus, lifetime }) {
  const [state, setState] = useState({ status: "loading", cart: null, error: null });
  const [busy, setBusy] = useState({}); // productId → "updating" | "removing"
  const [lineErrors, setLineErrors] = useState({}); // productId → message
  const [pending, setPending] = useState(new Set()); // products with a change not yet sent
  const cartRef = useRef(null);

  const show = useCallback((cart) => {
    cartRef.current = cart;
    setState({ status: "ready", cart, error: null });
  }, []);

  const load = useCallback(() => {
    if (!cartRef.current) setState({ status: "loading", cart: null, error: null });
    // Whoever else shows the count (the badge) may have missed a change: tell them what it is.
    const loaded = (cart) => {
      show(cart);
      bus.publish(signals.CART_CHANGED, { count: cart.count });
    };
    return getCart(bff, lifetime).then(loaded, (error) => {
      if (!lifetime.aborted && !cartRef.current) setState({ status: "error", cart: null, error });
    });
  }, []);

  useEffect(() => {
    load();
    // Our own changes come back here with the count we already show: only others' need a fetch.
    const offChanged = bus.subscribe(signals.CART_CHANGED, ({ count }) => count !== cartRef.current?.count && load());
    const offPlaced = bus.subscribe(signals.ORDER_PLACED, () => load());
    const offLive = live.subscribe("cart:me", ({ count }) => count !== cartRef.current?.count && load(), { onResync: load });
    // Queued changes were sent or refused: show what the BFF holds now, and what still waits.
    let queued = null;
    let sentSinceRead = false;
    const offOutbox = outbox.onChange(({ pending: count, syncing }) => {
      sentSinceRead ||= queued !== null && count < queued;
      queued = count;
      if (syncing) return; // once the outbox is done sending: one read, however many went
      pendingProducts().then((products) => !lifetime.aborted && setPending(products), () => {});
      if (sentSinceRead) {
        sentSinceRead = false;
        load();
      }
    });
    return () => { offChanged(); offPlaced(); offLive(); offOutbox(); };
  }, []);

  const nameOf = (productId) => cartRef.current?.items.find((item) => item.product_id === productId)?.name;

  const change = async (productId, kind, request) => {
    setBusy((b) => ({ ...b, [productId]: kind }));
    setLineErrors(({ [productId]: _, ...rest }) => rest);
    try {
      const outcome = await request();
      if (lifetime.aborted) return;
      const cart = await cartAfter(bff, outcome);
      if (!cart) return load();
      show(cart);
      bus.publish(signals.CART_CHANGED, { count: cart.count });
    } catch (error) {
      if (!lifetime.aborted) setLineErrors((e) => ({ ...e, [productId]: describeError(error) }));
    } finally {
      if (!lifetime.aborted) setBusy(({ [productId]: _, ...rest }) => rest);
    }
  };

  return {
    ...state,
    busy,
    lineErrors,
    pending,
    retry: load,
    setQuantity: (productId, quantity) => change(productId, "updating", () => setQuantity(bff, productId, quantity, nameOf(productId))),
    remove: (productId) => change(productId, "removing", () => removeItem(bff, productId, nameOf(productId))),
  };
}
