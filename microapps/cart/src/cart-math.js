// The cart BFF's arithmetic, for changes shown before the BFF confirms them (offline, say):
// the BFF's answer replaces the result as soon as it arrives.
const money = (cents) => `$${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;

function totals(cart) {
  const items = cart.items.map((item) => {
    const total = item.price_cents * item.quantity;
    return { ...item, line_total_cents: total, line_total_display: money(total) };
  });
  const subtotal = items.reduce((sum, item) => sum + item.line_total_cents, 0);
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  return { ...cart, items, count, subtotal_cents: subtotal, subtotal_display: money(subtotal) };
}

export function addLine(cart, { productId, quantity, product }) {
  const existing = cart.items.find((item) => item.product_id === productId);
  if (existing) return setLine(cart, productId, existing.quantity + quantity);
  const stock = product.stock ?? quantity;
  const line = {
    product_id: productId,
    name: product.name || productId,
    image_url: product.imageUrl || "",
    price_cents: product.priceCents ?? 0,
    price_display: money(product.priceCents ?? 0),
    quantity,
    stock,
    in_stock: stock > 0,
  };
  return totals({ ...cart, items: [...cart.items, line] });
}

export const setLine = (cart, productId, quantity) =>
  totals({ ...cart, items: cart.items.map((item) => (item.product_id === productId ? { ...item, quantity } : item)) });

// An order took every line (placed offline: it waits on the device to be sent).
export const emptyCart = (cart) => totals({ ...cart, items: [] });

export const removeLine = (cart, productId) =>
  totals({ ...cart, items: cart.items.filter((item) => item.product_id !== productId) });
