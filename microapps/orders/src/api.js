// Reads from the orders BFF; the platform's client adds the signed-in user's token.
import { updateRead } from "@bazaar/platform";

export const listOrders = (bff, signal) => bff.get("/orders", { signal });
const orderPath = (id) => `/orders/${encodeURIComponent(id)}`;
export const getOrder = (bff, id, signal) => bff.get(orderPath(id), { signal });
// The saved answer of getOrder (the read-through cache), changed in place.
export const updateSavedOrder = (bff, id, change) => updateRead(bff.url(orderPath(id)), change);
