// Calls to the orders BFF (this app's own) and reads of the cart BFF (named in config.cartBff).

export const getCart = (cartBff, signal) => cartBff.get("/cart", { signal });

// `attempt` ({orderId, key}) is made once per try at placing this order, so sending it again
// (a double click, a retry after a lost answer) can never place a second order.
export const placeOrder = (bff, attempt, order, signal) =>
  bff.post("/orders", { id: attempt.orderId, ...order }, { headers: { "Idempotency-Key": attempt.key }, signal });

export const getOrder = (bff, orderId, signal) => bff.get(`/orders/${encodeURIComponent(orderId)}`, { signal });
