// Calls to the cart BFF. Reads go through the platform's read-through cache; changes go
// through its outbox: stored at once with their own Idempotency-Key, applied to the saved cart
// at once (marked pending), and sent when the network allows. Each resolves to the outbox's
// outcome: {status: "sent", body: cart} or {status: "queued"}; a refused change rejects.
import { outbox, savedRead, updateRead } from "@bazaar/platform";
import { addLine, emptyCart, removeLine, setLine } from "./cart-math.js";

const APP = "@bazaar/cart";
const itemPath = (productId) => `/cart/items/${encodeURIComponent(productId)}`;
// The saved answer of GET /cart takes the change now, and each command's answer (a cart) later.
const cartView = (apply) => ({ path: "/cart", apply, answer: true });

export const getCart = (bff, signal) => bff.get("/cart", { signal });

// `product` ({name, priceCents, imageUrl, stock}) lets an offline add show a whole line.
export const addItem = (bff, { productId, quantity, product = {} }) =>
  outbox.submit(bff, {
    app: APP,
    method: "POST",
    path: "/cart/items",
    body: { product_id: productId, quantity },
    label: `Add ${quantity} × ${product.name || productId} to the cart`,
    view: cartView((cart) => addLine(cart, { productId, quantity, product })),
  });

export const setQuantity = (bff, productId, quantity, name = productId) =>
  outbox.submit(bff, {
    app: APP,
    method: "PUT",
    path: itemPath(productId),
    body: { quantity },
    label: `Change ${name} to ${quantity} in the cart`,
    view: cartView((cart) => setLine(cart, productId, quantity)),
  });

export const removeItem = (bff, productId, name = productId) =>
  outbox.submit(bff, {
    app: APP,
    method: "DELETE",
    path: itemPath(productId),
    label: `Remove ${name} from the cart`,
    view: cartView((cart) => removeLine(cart, productId)),
  });

// An order placed offline took the cart's lines: the saved cart shows them gone until the
// cart BFF (which empties the cart once the order reaches it) says otherwise. The saved cart
// after it, or undefined when none was saved on this device.
export const emptySavedCart = (bff) => updateRead(bff.url("/cart"), emptyCart);

// Products with a change still waiting in the outbox (to mark their lines "pending").
export async function pendingProducts() {
  const { pending } = await outbox.list();
  const products = new Set();
  for (const command of pending) {
    if (command.app !== APP || !command.mine) continue;
    const path = new URL(command.url).pathname;
    products.add(command.body?.product_id || decodeURIComponent(path.split("/").pop()));
  }
  return products;
}

// The cart after a change: the BFF's answer, or (queued) the saved cart, which holds it
// already; null when no cart was ever saved on this device.
export async function cartAfter(bff, outcome) {
  if (outcome.status === "sent") return outcome.body;
  const saved = await savedRead(bff.url("/cart")).catch(() => null);
  return saved ? saved.body : null;
}
