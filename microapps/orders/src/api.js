// Reads from the orders BFF; the platform's client adds the signed-in user's token.
export const listOrders = (bff, signal) => bff.get("/orders", { signal });
export const getOrder = (bff, id, signal) => bff.get(`/orders/${encodeURIComponent(id)}`, { signal });
