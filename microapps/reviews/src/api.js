// Calls to the reviews BFF. Writes go through the platform's outbox: kept and sent
// later when the shopper is offline; each resolves to {status: "sent" | "queued"}.
import { outbox } from "@bazaar/platform";

const APP = "@bazaar/reviews";
const itemPath = (productId) => `/items/${encodeURIComponent(productId)}`;

export const myItems = (bff, signal) => bff.get("/items", { signal });

export const productItems = (bff, productId, signal) =>
  bff.get(`/products/${encodeURIComponent(productId)}/items`, { signal, auth: false });

// The signed-in shopper's own, or null when they have not written one (asked as a list, so
// that "none" is an answer, not a 404 in the console).
export const myItem = (bff, productId, signal) =>
  bff.get(`/items?product_id=${encodeURIComponent(productId)}`, { signal }).then((list) => list.items[0] || null);

export const saveItem = (bff, productId, stars, text = "") =>
  outbox.submit(bff, { app: APP, method: "PUT", path: itemPath(productId), body: { stars, text }, label: `Post your ${stars}-star review` });

export const removeItem = (bff, productId) =>
  outbox.submit(bff, { app: APP, method: "DELETE", path: itemPath(productId), label: "Withdraw your review" });
