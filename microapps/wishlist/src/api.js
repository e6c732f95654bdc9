// Calls to the wish list BFF; the platform's client adds the signed-in user's token.
export const listItems = (bff, signal) => bff.get("/items", { signal });
export const saveItem = (bff, { productId, name, price_display = "", image_url = "" }) =>
  bff.put(`/items/${encodeURIComponent(productId)}`, { name, price_display, image_url });
export const removeItem = (bff, productId) => bff.delete(`/items/${encodeURIComponent(productId)}`);
