import { html, useEffect, useState } from "htm/preact";
import { useServices } from "../context.js";
import { listUrl } from "../routes.js";

// Searches the whole shop: submitting goes to /catalog?q=…
export function SearchBox({ query }) {
  const { navigate } = useServices();
  const [value, setValue] = useState(query);
  useEffect(() => setValue(query), [query]);

  const submit = (event) => {
    event.preventDefault();
    navigate(listUrl({ q: value.trim() }));
  };

  return html`
    <form class="search" role="search" onSubmit=${submit}>
      <label class="sr-only" for="catalog-search">Search products</label>
      <svg class="search__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="M13 13l4 4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <input id="catalog-search" class="search__input" type="search" name="q" data-testid="search-input"
             placeholder="Search mugs, lamps, tents…" autocomplete="off" maxlength="100"
             value=${value} onInput=${(e) => setValue(e.currentTarget.value)} />
      <button class="btn btn--primary search__button" type="submit">Search</button>
    </form>`;
}
