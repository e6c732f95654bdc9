import { html } from "htm/preact";
import { categoryUrl, listUrl } from "../routes.js";

// A row of category links above a product list, so shoppers can hop between departments.
export function CategoryChips({ categories, current }) {
  const links = [{ key: "", href: listUrl(), label: "All" }]
    .concat(categories.map((c) => ({ key: c.slug, href: categoryUrl(c.slug), label: c.name })));
  return html`
    <nav class="chips" aria-label="Categories">
      <ul>
        ${links.map(({ key, href, label }) => {
          const active = key === (current || "");
          return html`<li key=${key}>
            <a class=${`chip${active ? " chip--active" : ""}`} href=${href}
               aria-current=${active ? "page" : undefined}>${label}</a>
          </li>`;
        })}
      </ul>
    </nav>`;
}
