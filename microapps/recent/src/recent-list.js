// The list itself: newest first, one entry per product, at most `limit`, in localStorage (it
// belongs to this device, like a browser's history, and to one account on it: each account,
// and the signed-out visitor, has a list of its own). Unreadable or foreign data reads as empty.
const PREFIX = "bazaar:recently-viewed";
export const UNOWNED_KEY = PREFIX; // 1.0's one list for everyone on the device
const KEEP = 12; // kept, of which `limit` are shown

function valid(item) {
  return item && typeof item.productId === "string" && typeof item.name === "string";
}

export function recentList(storage, { limit, owner = "" }) {
  const KEY = `${PREFIX}:${owner}`;
  function read() {
    try {
      const items = JSON.parse(storage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(valid) : [];
    } catch {
      return [];
    }
  }

  return {
    key: KEY,
    items: () => read().slice(0, limit),
    remember(product) {
      const entry = {
        productId: product.productId,
        name: product.name,
        priceCents: product.priceCents ?? null,
        imageUrl: product.imageUrl ?? null,
      };
      const items = [entry, ...read().filter((item) => item.productId !== entry.productId)].slice(0, KEEP);
      try {
        storage.setItem(KEY, JSON.stringify(items));
      } catch {
        // storage full or disabled: the list simply is not kept
      }
      return items.slice(0, limit);
    },
  };
}
