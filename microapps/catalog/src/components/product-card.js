import { html, useEffect, useState } from "htm/preact";
import { formatPrice } from "../format.js";
import { useAddToCart } from "../hooks/use-add-to-cart.js";
import { useLiveProduct } from "../hooks/use-live-stock.js";
import { productUrl } from "../routes.js";
import { Rating } from "./rating.js";
import { StockBadge } from "./stock-badge.js";

// The whole card opens the product (its link stretches over it); the quick "Add to cart"
// sits above that link, shown while some app handles the cart and the product is in stock.
export function ProductCard({ product: loaded, cartReady = false }) {
  const product = useLiveProduct(loaded);
  const soldOut = product.stock <= 0;
  return html`
    <article class=${`card${soldOut ? " card--sold-out" : ""}`} data-testid="product-card">
      <div class="card__media">
        <img src=${product.image_url} alt="" loading="lazy" decoding="async" width="400" height="400" />
      </div>
      <div class="card__body">
        <p class="card__category">${product.category.name}</p>
        <h3 class="card__name">
          <a class="card__link" href=${productUrl(product.id)} data-testid="product-name">${product.name}</a>
        </h3>
        <${Rating} rating=${product.rating} reviews=${product.review_count} compact />
        <div class="card__foot">
          <span class="price" data-testid="product-price">${formatPrice(product)}</span>
          <${StockBadge} stock=${product.stock} />
        </div>
        ${cartReady && !soldOut && html`<${QuickAdd} product=${product} />`}
      </div>
    </article>`;
}

const ADDED_MS = 2 * 1000; // how long the button says "Added"

function QuickAdd({ product }) {
  const addToCart = useAddToCart();
  const [state, setState] = useState("ready"); // ready | adding | added
  useEffect(() => {
    if (state !== "added") return undefined;
    const timer = setTimeout(() => setState("ready"), ADDED_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const add = async () => {
    setState("adding");
    setState((await addToCart(product, 1)) ? "added" : "ready");
  };
  const label = { ready: "Add to cart", adding: "Adding…", added: "✓ Added" }[state];
  return html`
    <button class="btn btn--ghost btn--small card__add" type="button" data-testid="card-add-to-cart"
            data-state=${state} aria-label=${state === "ready" ? `Add to cart: ${product.name}` : undefined}
            disabled=${state === "adding"} onClick=${add}>${label}</button>`;
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
