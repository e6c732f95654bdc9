import { html } from "htm/preact";
import { formatPrice } from "../format.js";
import { productUrl } from "../routes.js";
import { Rating } from "./rating.js";
import { StockBadge } from "./stock-badge.js";

export function ProductCard({ product }) {
  const soldOut = product.stock <= 0;
  return html`
    <article class=${`card${soldOut ? " card--sold-out" : ""}`} data-testid="product-card">
      <a class="card__link" href=${productUrl(product.id)}>
        <div class="card__media">
          <img src=${product.image_url} alt="" loading="lazy" decoding="async" width="400" height="400" />
        </div>
        <div class="card__body">
          <p class="card__category">${product.category.name}</p>
          <h3 class="card__name" data-testid="product-name">${product.name}</h3>
          <${Rating} rating=${product.rating} reviews=${product.review_count} compact />
          <div class="card__foot">
            <span class="price" data-testid="product-price">${formatPrice(product.price)}</span>
            <${StockBadge} stock=${product.stock} />
          </div>
        </div>
      </a>
    </article>`;
}

export function ProductCardSkeleton() {
  return html`
    <div class="card card--skeleton" aria-hidden="true">
      <div class="card__media"><span class="skeleton skeleton--fill"></span></div>
      <div class="card__body">
        <span class="skeleton skeleton--line" style="width: 35%"></span>
        <span class="skeleton skeleton--line skeleton--title" style="width: 80%"></span>
        <span class="skeleton skeleton--line" style="width: 50%"></span>
        <span class="skeleton skeleton--line skeleton--price" style="width: 30%"></span>
      </div>
    </div>`;
}
