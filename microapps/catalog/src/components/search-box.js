import { html, useEffect, useState } from "htm/preact";
import { useServices } from "../hooks/use-services.js";
import { listUrl } from "../routes.js";

// Refines the list being looked at: on a category page it searches that category
// (/catalog/c/kitchen?q=…). Searching the whole shop is the header's search box, so on a
// narrow screen, where that box sits right above, this one is hidden outside categories.
export function SearchBox({ query, category = null, categoryName = "" }) {
  const { navigate } = useServices();
  const [value, setValue] = useState(query);
  useEffect(() => setValue(query), [query]);

  const submit = (event) => {
    event.preventDefault();
    navigate(listUrl({ category, q: value.trim() }));
  };
  const scope = category ? categoryName || "this category" : "all products";

  return html`
    <form class=${category ? "search" : "search search--shop"} role="search" aria-label=${`Search ${scope}`} onSubmit=${submit}>
      <label class="sr-only" for="catalog-search">Search ${scope}</label>
      <svg class="search__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="M13 13l4 4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <input id="catalog-search" class="search__input" type="search" name="q" data-testid="search-input"
             placeholder=${category ? `Search in ${categoryName || "this category"}…` : "Search mugs, lamps, tents…"}
             autocomplete="off" maxlength="100" value=${value} onInput=${(e) => setValue(e.currentTarget.value)} />
      <button class="btn btn--primary search__button" type="submit">Search</button>
    </form>`;
}
