// Header parcel (mount point "header-search"): a search box on every page of the shop.
// Submitting opens the catalog's results at /catalog?q=…; on a results page it shows the
// search being looked at. Kept small: it loads on every page, before anything else of ours.
import { html, render, useEffect, useState } from "htm/preact";
import { lifecycles, navigate as platformNavigate, onNavigate } from "@bazaar/platform";
import { MAX_QUERY_LENGTH, listUrl, parseRoute } from "./routes.js";
import { headerSearchCss } from "./search-styles.js";

function queryOf(location) {
  const route = parseRoute(location);
  return route.view === "list" ? route.q : "";
}

function HeaderSearch({ navigate }) {
  const [value, setValue] = useState(() => queryOf(window.location));
  useEffect(() => {
    // Follow the search being looked at, but only when it changes: single-spa also reports
    // the first route after mount, which must not wipe what the shopper is already typing.
    let shown = queryOf(window.location);
    return onNavigate((location) => {
      const query = queryOf(location);
      if (query !== shown) setValue((shown = query));
    });
  }, []);

  const submit = (event) => {
    event.preventDefault();
    navigate(listUrl({ q: value.trim() }));
  };
  return html`
    <form class="hsearch" role="search" aria-label="Search the shop" onSubmit=${submit}>
      <label class="sr-only" for="header-search-input">Search products</label>
      <input id="header-search-input" class="hsearch__input" type="search" name="q" data-testid="header-search"
             placeholder="Search the shop" autocomplete="off" enterkeyhint="search" maxlength=${MAX_QUERY_LENGTH}
             value=${value} onInput=${(e) => setValue(e.currentTarget.value)} />
      <button class="hsearch__submit" type="submit" aria-label="Search">
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2.2" />
          <path d="M13 13l4 4" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
        </svg>
      </button>
    </form>`;
}

export const { bootstrap, mount, unmount } = lifecycles({
  css: headerSearchCss,
  draw({ domElement, navigate = platformNavigate }) {
    render(html`<${HeaderSearch} navigate=${navigate} />`, domElement);
    return () => render(null, domElement);
  },
});
