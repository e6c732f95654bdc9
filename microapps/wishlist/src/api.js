// Calls to the wish list BFF; the platform's client adds the signed-in user's token.
// Saving sends only the product id: the BFF takes name, price and image from its own copy
// of the catalog (fed by product-updated events), never from the browser.
export const listItems = (bff, signal) => bff.get("/items", { signal });
export const saveItem = (bff, productId) => bff.put(`/items/${encodeURIComponent(productId)}`, {});
export const removeItem = (bff, productId) => bff.delete(`/items/${encodeURIComponent(productId)}`);
