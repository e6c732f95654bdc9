// Calls to the orders BFF (this app's own; the platform's client adds the signed-in user's
// token), and the one thing checkout needs from another app: the cart, asked of the cart app
// over the bus.
import { outbox, requestOverBus, signals, updateRead } from "@bazaar/platform";

export const listOrders = (bff, signal) => bff.get("/orders", { signal });
const orderPath = (id) => `/orders/${encodeURIComponent(id)}`;
export const getOrder = (bff, id, signal) => bff.get(orderPath(id), { signal });
// The saved answer of getOrder (the read-through cache), changed in place.
export const updateSavedOrder = (bff, id, change) => updateRead(bff.url(orderPath(id)), change);

// Through the outbox: resolves to {status: "sent", body: order} or {status: "queued"}; a
// refusal rejects with the BFF's error. `orderId` is made once per press of "Place order".
// `details`: what the order page shows of it while it waits on this device (its lines as the
// cart showed them, the total), kept with the command and never sent.
export const placeOrder = (bff, orderId, order, details = null) =>
  outbox.submit(bff, {
    app: "@bazaar/orders",
    method: "POST",
    path: "/orders",
    body: { id: orderId, ...order },
    label: `Place order ${orderId.slice(0, 8)}`,
    details,
  });

// The cart as the cart app shows it (its BFF's GET /cart: items, count, subtotal); rejects with
// the cart's sentence, or NoAnswer when no cart app answers in time.
export async function requestCart(bus, lifetime) {
  const reply = await requestOverBus(bus, {
    request: signals.CART_CONTENTS_WANTED,
    detail: { requestId: crypto.randomUUID() },
    answer: signals.CART_CONTENTS,
    failure: signals.CART_CONTENTS_FAILED,
    key: "requestId",
    lifetime,
  });
  return reply.cart;
}
