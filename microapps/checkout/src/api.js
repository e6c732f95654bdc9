// Calls to the orders BFF (this app's own) and reads of the cart BFF (named in config.cartBff).
import { outbox } from "@bazaar/platform";

export const getCart = (cartBff, signal) => cartBff.get("/cart", { signal });

// Through the outbox: resolves to {status: "sent", body: order} or {status: "queued"}; a
// refusal rejects with the BFF's error. `orderId` is made once per press of "Place order".
export const placeOrder = (bff, orderId, order) =>
  outbox.submit(bff, {
    app: "@bazaar/checkout",
    method: "POST",
    path: "/orders",
    body: { id: orderId, ...order },
    label: `Place order ${orderId.slice(0, 8)}`,
  });
