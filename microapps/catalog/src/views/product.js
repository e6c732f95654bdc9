import { html, useEffect } from "htm/preact";
import { ErrorState, signals, useResource } from "@bazaar/platform";
import { AddToCart } from "../components/add-to-cart.js";
import { SaveToWishlist } from "../components/save-to-wishlist.js";
import { Breadcrumbs } from "../components/breadcrumbs.js";
import { ProductGrid } from "../components/product-grid.js";
import { Rating } from "../components/rating.js";
import { StockBadge } from "../components/stock-badge.js";
import { NotFound } from "../components/not-found.js";
import { useServices } from "../hooks/use-services.js";
import { describeError, formatPrice } from "../format.js";
import { useDocumentTitle } from "../hooks/use-document-title.js";
import { useLiveProduct, useStockGeneration } from "../hooks/use-live-stock.js";
import { listUrl } from "../routes.js";

export function ProductView({ route }) {
  const { api } = useServices();
  const generation = useStockGeneration();
  const product = useResource((signal) => api.product(route.id, signal), [route.id, generation]);
  useDocumentTitle(product.data?.name);

  if (product.status === "loading") return html`<${ProductSkeleton} />`;
  if (product.status === "error" && product.error.status === 404) {
    return html`<${NotFound} title="This product isn't available"
      message="It may have sold out for good or been removed from the shop." />`;
  }
  if (product.status === "error") return html`<${ErrorState} ...${describeError(product.error)} onRetry=${product.retry} />`;
  return html`<${ProductDetail} product=${product.data} />`;
}

function ProductDetail({ product: loaded }) {
  const product = useLiveProduct(loaded);
  const { bus } = useServices();
  useEffect(() => {
    bus.publish(signals.PRODUCT_VIEWED, {
      productId: loaded.id, name: loaded.name, priceCents: loaded.price_cents, imageUrl: loaded.image_url,
    });
  }, [loaded.id]);
  const category = product.category;
  const crumbs = [
    { label: "Home", href: "/" },
    { label: category.name, href: listUrl({ category: category.slug }) },
    { label: product.name },
  ];
  return html`
    <div class="pdp">
      <${Breadcrumbs} items=${crumbs} />
      <div class="pdp__main">
        <div class="pdp__media">
          <img src=${product.image_url} alt=${product.name} width="600" height="600" />
        </div>
        <div class="pdp__info">
          <a class="pdp__category" href=${listUrl({ category: category.slug })}>${category.name}</a>
          <h1 class="pdp__title" data-testid="product-title">${product.name}</h1>
          <${Rating} rating=${product.rating} reviews=${product.review_count} />
          <p class="pdp__price" data-testid="product-price">${formatPrice(product)}</p>
          <${StockBadge} stock=${product.stock} size="large" />
          <${AddToCart} key=${product.id} product=${product} />
          <${SaveToWishlist} key=${`wish-${product.id}`} product=${product} />
          <section class="pdp__section" aria-labelledby="about-title">
            <h2 id="about-title">About this product</h2>
            <p class="pdp__description">${product.description}</p>
          </section>
          ${product.details?.length > 0 && html`
            <section class="pdp__section" aria-labelledby="details-title">
              <h2 id="details-title">Details</h2>
              <${DetailsList} details=${product.details} />
            </section>`}
        </div>
      </div>
      <bazaar-mount-point key=${`details-${product.id}`} class="pdp__extensions" name="product-details"
        data-product-id=${product.id}></bazaar-mount-point>
      ${product.related?.length > 0 && html`
        <section class="section" aria-labelledby="related-title">
          <header class="section__head">
            <h2 id="related-title">More from ${category.name}</h2>
            <a class="section__more" href=${listUrl({ category: category.slug })}>See all →</a>
          </header>
          <${ProductGrid} products=${product.related} label="Related products" />
        </section>`}
    </div>`;
}

// "Finish: Oak" reads better as a two-column row; other lines stay as they are.
function DetailsList({ details }) {
  return html`
    <ul class="details" data-testid="product-details">
      ${details.map((line, i) => {
        const [term, ...rest] = line.split(": ");
        return html`<li key=${i} class="details__row">
          ${rest.length ? html`<span class="details__term">${term}</span><span>${rest.join(": ")}</span>` : html`<span>${line}</span>`}
        </li>`;
      })}
    </ul>`;
}

function ProductSkeleton() {
  return html`
    <div class="pdp" role="status" aria-label="Loading product">
      <span class="skeleton skeleton--line" style="width: 14rem"></span>
      <div class="pdp__main">
        <div class="pdp__media"><span class="skeleton skeleton--fill"></span></div>
        <div class="pdp__info">
          <span class="skeleton skeleton--line" style="width: 25%"></span>
          <span class="skeleton skeleton--heading" style="width: 70%"></span>
          <span class="skeleton skeleton--line" style="width: 40%"></span>
          <span class="skeleton skeleton--price"></span>
          <span class="skeleton skeleton--button"></span>
          <span class="skeleton skeleton--line" style="width: 90%"></span>
          <span class="skeleton skeleton--line" style="width: 80%"></span>
        </div>
      </div>
    </div>`;
}
