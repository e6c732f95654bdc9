import { html } from "htm/preact";
import { ErrorState, useResource } from "@bazaar/platform";
import { CategoryTiles, CategoryTilesSkeleton } from "../components/category-tiles.js";
import { Hero } from "../components/hero.js";
import { ProductGrid, ProductGridSkeleton } from "../components/product-grid.js";
import { useServices } from "../hooks/use-services.js";
import { useDocumentTitle } from "../hooks/use-document-title.js";
import { describeError } from "../format.js";
import { listUrl } from "../routes.js";

const FEATURED_COUNT = 8;

export function HomeView() {
  const { api } = useServices();
  useDocumentTitle("Everyday goods from independent makers");
  const categories = useResource(() => api.categories(), ["categories"]);
  const featured = useResource(
    (signal) => api.products({ sort: "featured", page: 1, size: FEATURED_COUNT }, signal),
    ["featured"],
  );

  return html`
    <div class="home">
      <${Hero} products=${featured.data?.items || []} />

      <section class="section" aria-labelledby="categories-title">
        <header class="section__head">
          <h2 id="categories-title">Shop by category</h2>
          <a class="section__more" href=${listUrl()}>See all products →</a>
        </header>
        ${categories.status === "loading" && html`<${CategoryTilesSkeleton} />`}
        ${categories.status === "error" && html`<${ErrorState} ...${describeError(categories.error)} onRetry=${categories.retry} />`}
        ${categories.status === "ready" && html`<${CategoryTiles} categories=${categories.data} />`}
      </section>

      <section class="section" aria-labelledby="featured-title">
        <header class="section__head">
          <h2 id="featured-title">Featured</h2>
          <a class="section__more" href=${listUrl()}>Shop all →</a>
        </header>
        ${featured.status === "loading" && html`<${ProductGridSkeleton} count=${FEATURED_COUNT} />`}
        ${featured.status === "error" && html`<${ErrorState} ...${describeError(featured.error)} onRetry=${featured.retry} />`}
        ${featured.status === "ready" && html`<${ProductGrid} products=${featured.data.items} label="Featured products" />`}
      </section>
    </div>`;
}
