import { html } from "htm/preact";
import { countOf } from "../format.js";
import { categoryUrl } from "../routes.js";

export function CategoryTiles({ categories }) {
  return html`
    <ul class="tiles">
      ${categories.map((category) => html`
        <li key=${category.slug}>
          <a class="tile" data-testid="category-tile" href=${categoryUrl(category.slug)}
             style=${{ "--tile": category.color }}>
            <span class="tile__swatch" aria-hidden="true">${category.name.charAt(0)}</span>
            <span class="tile__text">
              <span class="tile__name">${category.name}</span>
              <span class="tile__count">${countOf(category.product_count, "product")}</span>
            </span>
          </a>
        </li>`)}
    </ul>`;
}

export function CategoryTilesSkeleton({ count = 12 }) {
  return html`
    <div class="tiles" role="status" aria-label="Loading categories">
      ${Array.from({ length: count }, (_, i) => html`<span key=${i} class="tile--skeleton skeleton"></span>`)}
    </div>`;
}
