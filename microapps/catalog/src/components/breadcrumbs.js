import { html } from "htm/preact";

// items: [{ label, href }]; the last item is the current page and is not a link.
export function Breadcrumbs({ items }) {
  return html`
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        ${items.map((item, i) => i === items.length - 1
          ? html`<li key=${i}><span aria-current="page">${item.label}</span></li>`
          : html`<li key=${i}><a href=${item.href}>${item.label}</a></li>`)}
      </ol>
    </nav>`;
}
