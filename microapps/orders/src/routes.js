// The orders app's client routes: /checkout, /orders (history) and /orders/<id> (one order).

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed %-escape simply matches no order
  }
}

export function parseRoute({ pathname }) {
  const [root, id, ...rest] = pathname.split("/").filter(Boolean).map(decode);
  if (root === "checkout" && id === undefined) return { view: "checkout" };
  if (root !== "orders" || rest.length) return { view: "not-found" };
  return id === undefined ? { view: "list" } : { view: "detail", id };
}

export const orderUrl = (id) => `/orders/${encodeURIComponent(id)}`;
