import { html } from "htm/preact";
import { signals } from "@bazaar/platform";
import { useServices } from "../hooks/use-services.js";
import { useHandled } from "../hooks/use-handled.js";
import { ProductCard, ProductCardSkeleton } from "./product-card.js";

export function ProductGrid({ products, label = "Products" }) {
  const { bus } = useServices();
  const cartReady = useHandled(bus, signals.CART_ADD);
  return html`
    <ul class="grid" aria-label=${label}>
      ${products.map((product) => html`<li key=${product.id}><${ProductCard} product=${product} cartReady=${cartReady} /></li>`)}
    </ul>`;
}

export function ProductGridSkeleton({ count }) {
  return html`
    <div class="grid" role="status" aria-label="Loading products">
      ${Array.from({ length: count }, (_, i) => html`<${ProductCardSkeleton} key=${i} />`)}
    </div>`;
}
