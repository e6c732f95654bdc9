// Stock and prices change while a shopper looks: the catalog follows the shell's public "stock"
// topic once (in App) and every card and product page shows the newest level it heard of.
// After a resync (too much missed) the overrides are dropped and `generation` changes, which
// the views add to what they load by, so they load again.
import { createContext, useContext, useEffect, useState } from "htm/preact";
import { live } from "@bazaar/platform";

export const LiveStock = createContext({ levels: new Map(), generation: 0 });

export function useStockFeed() {
  const [feed, setFeed] = useState({ levels: new Map(), generation: 0 });
  useEffect(() => live.subscribe("stock", (message) => {
    setFeed((f) => ({ ...f, levels: new Map(f.levels).set(message.productId, message) }));
  }, {
    onResync: () => setFeed((f) => ({ levels: new Map(), generation: f.generation + 1 })),
  }), []);
  return feed;
}

// The product with the newest stock and price heard live, if any.
export function useLiveProduct(product) {
  const level = useContext(LiveStock).levels.get(product.id);
  if (!level) return product;
  const repriced = level.priceCents !== product.price_cents;
  return {
    ...product,
    stock: level.stock,
    price_cents: level.priceCents,
    price_display: repriced ? undefined : product.price_display,
  };
}

export const useStockGeneration = () => useContext(LiveStock).generation;
