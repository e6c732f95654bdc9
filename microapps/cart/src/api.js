// Calls to the cart BFF; the platform's client adds the signed-in user's token.
// Adds carry an Idempotency-Key, so sending one again (after a lost answer) adds only once.
import { BffError } from "@bazaar/platform";

const ADD_ATTEMPTS = 2;
const RETRY_DELAY_MS = 500;
const RETRYABLE = new Set([429, 502, 503, 504]);

const itemPath = (productId) => `/cart/items/${encodeURIComponent(productId)}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const getCart = (bff, signal) => bff.get("/cart", { signal });
export const setQuantity = (bff, productId, quantity) => bff.put(itemPath(productId), { quantity });
export const removeItem = (bff, productId) => bff.delete(itemPath(productId));

export async function addItem(bff, { productId, quantity, signal }) {
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  for (let attempt = 1; ; attempt++) {
    try {
      return await bff.post("/cart/items", { product_id: productId, quantity }, { headers, signal });
    } catch (error) {
      const retryable = error instanceof BffError ? RETRYABLE.has(error.status) : error?.name === "TypeError";
      if (!retryable || attempt >= ADD_ATTEMPTS || signal?.aborted) throw error;
      await sleep(RETRY_DELAY_MS);
    }
  }
}
