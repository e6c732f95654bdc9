import { html } from "htm/preact";
import { ProductCard, ProductCardSkeleton } from "./product-card.js";

export function ProductGrid({ products, label = "Products" }) {
  return html`
    <ul class="grid" aria-label=${label}>
      ${products.map((product) => html`<li key=${product.id}><${ProductCard} product=${product} /></li>`)}
    </ul>`;
}

export function ProductGridSkeleton({ count }) {
  return html`
    <div class="grid" role="status" aria-label="Loading products">
      ${Array.from({ length: count }, (_, i) => html`<${ProductCardSkeleton} key=${i} />`)}
    </div>`;
}
