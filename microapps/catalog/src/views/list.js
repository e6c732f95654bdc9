import { html } from "htm/preact";
import { EmptyState, ErrorState, useResource } from "@bazaar/platform";
import { Breadcrumbs } from "../components/breadcrumbs.js";
import { CategoryChips } from "../components/category-chips.js";
import { Pagination } from "../components/pagination.js";
import { ProductGrid, ProductGridSkeleton } from "../components/product-grid.js";
import { SearchBox } from "../components/search-box.js";
import { SortSelect } from "../components/sort-select.js";
import { NotFound } from "../components/not-found.js";
import { useServices } from "../hooks/use-services.js";
import { countOf, describeError } from "../format.js";
import { useDocumentTitle } from "../hooks/use-document-title.js";
import { useStockGeneration } from "../hooks/use-live-stock.js";
import { listUrl } from "../routes.js";

const SKELETON_CARDS = 8;
const ALL_DESCRIPTION = "Everything our makers offer, in one place.";

export function ListView({ route }) {
  const { api, navigate } = useServices();
  const { category, q, sort, page } = route;
  const categories = useResource(() => api.categories(), ["categories"]);
  const generation = useStockGeneration();
  const products = useResource((signal) => api.products({ category, q, sort, page }, signal), [category, q, sort, page, generation]);
  const current = categories.data?.find((c) => c.slug === category);
  const title = category ? current?.name || "" : q ? `Results for “${q}”` : "Shop all";
  useDocumentTitle(category && !current ? null : title);

  // A category page cannot be titled without the categories: say so, and offer a retry.
  if (category && categories.status === "error") {
    return html`<${ErrorState} ...${describeError(categories.error)} onRetry=${categories.retry} />`;
  }
  if (category && categories.status === "ready" && !current) {
    return html`<${NotFound} title="We couldn't find that category" />`;
  }

  const crumbs = [{ label: "Home", href: "/" }, { label: "Shop all", href: listUrl() }];
  if (category) crumbs.push({ label: current?.name || "…", href: listUrl({ category }) });
  if (q) crumbs.push({ label: `Search: ${q}` });
  const hrefFor = (p) => listUrl({ category, q, sort, page: p });

  return html`
    <div class="list">
      <${Breadcrumbs} items=${crumbs} />
      <header class="list__head">
        <div class="list__intro">
          <h1 class="list__title">${title || html`<span class="skeleton skeleton--heading"></span>`}</h1>
          ${!q && html`<p class="list__lead">${category ? current?.description : ALL_DESCRIPTION}</p>`}
          ${q && category && html`<p class="list__lead">Results for “${q}”</p>`}
        </div>
        <${SearchBox} query=${q} category=${category} categoryName=${current?.name} />
      </header>
      ${categories.status === "ready" && html`<${CategoryChips} categories=${categories.data} current=${category} />`}

      <div class="toolbar">
        <p class="toolbar__count" aria-live="polite">
          ${products.status === "ready"
            ? html`<span data-testid="result-count">${countOf(products.data.total, "product")}</span>`
            : products.status === "loading" && html`<span class="skeleton skeleton--count"></span>`}
        </p>
        <${SortSelect} value=${sort} onChange=${(value) => navigate(listUrl({ category, q, sort: value }))} />
      </div>

      <h2 class="sr-only">Products</h2>
      ${products.status === "loading" && html`<${ProductGridSkeleton} count=${SKELETON_CARDS} />`}
      ${products.status === "error" && html`<${ErrorState} ...${describeError(products.error)} onRetry=${products.retry} />`}
      ${products.status === "ready" && html`<${Results} data=${products.data} route=${route} hrefFor=${hrefFor} />`}
    </div>`;
}

function Results({ data, route, hrefFor }) {
  if (data.total === 0) return html`<${NoMatches} route=${route} />`;
  if (data.items.length === 0) {
    return html`
      <${EmptyState} title=${`There is no page ${route.page}`}>
        <p>These results end on page ${data.pages}.</p>
        <p><a class="btn btn--primary" href=${hrefFor(1)}>Go to the first page</a></p>
      </${EmptyState}>`;
  }
  return html`
    <${ProductGrid} products=${data.items} />
    <${Pagination} page=${data.page} pages=${data.pages} hrefFor=${hrefFor} />`;
}

function NoMatches({ route: { category, q } }) {
  if (!q) {
    return html`
      <${EmptyState} title="Nothing here yet">
        <p>Our makers are restocking this shelf. Have a look around the rest of the shop.</p>
        <p><a class="btn btn--primary" href=${listUrl()}>Browse all products</a></p>
      </${EmptyState}>`;
  }
  return html`
    <${EmptyState} title=${`No products match “${q}”`}>
      <p>Check the spelling, or try a shorter or more general word.</p>
      <p class="actions">
        <a class="btn btn--primary" href=${listUrl({ category })}>Clear the search</a>
        ${category && html`<a class="btn btn--ghost" href=${listUrl({ q })}>Search all categories</a>`}
      </p>
    </${EmptyState}>`;
}
