// The signals micro-apps send each other over the bus (bus.js): one name and one detail schema
// per signal, so a publisher and its subscribers (owned by different teams) agree on the shape,
// and a mistake fails at the publisher with a TypeError instead of as silence somewhere else on
// the page. (Live updates from the server travel on "topics": that is live.js, another thing.)
//
// A schema maps each field to {type: "string"|"integer"|"boolean"|"object", min?, optional?}: `min` is
// the least length of a string or the least value of an integer. Fields a schema does not name pass
// through unchecked, so a publisher may add hints without breaking its subscribers.

const id = { type: "string", min: 1 };
const text = { type: "string" };
const count = { type: "integer", min: 0 };
const quantity = { type: "integer", min: 1 };
const object = { type: "object" };
const flag = { type: "boolean" };
const optional = (field) => ({ ...field, optional: true });

export const signals = Object.freeze({
  // The catalog asks "put this in the cart"; the cart badge answers with ADDED or ADD_FAILED.
  // The product's name, priceCents, imageUrl and stock (optional) let the cart show the line
  // before its BFF confirms it (offline, say).
  CART_ADD: "cart:add",
  // The cart badge: the add is in the cart; `count` is the cart's new item count, and
  // `queued: true` says it is saved on the device and sent to the cart BFF when online.
  CART_ADDED: "cart:added",
  // The cart badge: the add was refused or failed; `message` is the BFF's sentence.
  CART_ADD_FAILED: "cart:add-failed",
  // The cart (badge or page) changed; every view of the cart follows `count`.
  CART_CHANGED: "cart:changed",
  // Checkout (in the orders app) asks "what is in the cart?"; the cart badge answers with
  // CONTENTS (`cart`: what the cart BFF's GET /cart answers) or CONTENTS_FAILED, under the
  // request's `requestId`.
  CART_CONTENTS_WANTED: "cart:contents-wanted",
  CART_CONTENTS: "cart:contents",
  CART_CONTENTS_FAILED: "cart:contents-failed",
  // The catalog asks "save this product"; the wish list badge answers with SAVED or SAVE_FAILED.
  WISHLIST_SAVE: "wishlist:save",
  WISHLIST_SAVED: "wishlist:saved",
  WISHLIST_SAVE_FAILED: "wishlist:save-failed",
  // The wish list changed; without `count`, subscribers refetch.
  WISHLIST_CHANGED: "wishlist:changed",
  // Checkout (in the orders app) placed an order; the cart badge refetches (the cart BFF empties the cart soon after).
  // `queued: true`: the order waits on this device to be sent; its lines are no longer the cart's.
  ORDER_PLACED: "order:placed",
  // The catalog: the shopper opened a product's page (recently viewed keeps a list of them).
  PRODUCT_VIEWED: "product:viewed",
});

export const schemas = Object.freeze({
  [signals.CART_ADD]: {
    productId: id, quantity, name: optional(text), priceCents: optional(count), imageUrl: optional(text), stock: optional(count),
  },
  [signals.CART_ADDED]: { productId: id, quantity, count },
  [signals.CART_ADD_FAILED]: { productId: id, message: text },
  [signals.CART_CHANGED]: { count },
  [signals.CART_CONTENTS_WANTED]: { requestId: id },
  [signals.CART_CONTENTS]: { requestId: id, cart: object },
  [signals.CART_CONTENTS_FAILED]: { requestId: id, message: text },
  [signals.WISHLIST_SAVE]: { productId: id },
  [signals.WISHLIST_SAVED]: { productId: id },
  [signals.WISHLIST_SAVE_FAILED]: { productId: id, message: text },
  [signals.WISHLIST_CHANGED]: { count: optional(count) },
  [signals.ORDER_PLACED]: { orderId: id, queued: optional(flag) },
  [signals.PRODUCT_VIEWED]: { productId: id, name: text, priceCents: optional(count), imageUrl: optional(text) },
});

function problemWith(spec, value) {
  if (value === undefined) return spec.optional ? null : "is required";
  if (spec.type === "string") {
    if (typeof value !== "string") return "must be a string";
    if (spec.min && value.length < spec.min) return "must not be empty";
  } else if (spec.type === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "must be an object";
  } else if (spec.type === "boolean") {
    if (typeof value !== "boolean") return "must be true or false";
  } else if (spec.type === "integer") {
    if (!Number.isInteger(value)) return "must be an integer";
    if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
  }
  return null;
}

// Throws a TypeError naming the signal and the field when `detail` does not fit the schema of
// the signal called `name`; signals without a schema are not checked.
export function validateDetail(name, detail) {
  const schema = schemas[name];
  if (!schema) return;
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) {
    throw new TypeError(`bus signal "${name}": the detail must be an object`);
  }
  for (const [field, spec] of Object.entries(schema)) {
    const problem = problemWith(spec, detail[field]);
    if (problem) {
      throw new TypeError(`bus signal "${name}": field "${field}" ${problem} (got ${JSON.stringify(detail[field])})`);
    }
  }
}
