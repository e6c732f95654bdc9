import { html } from "htm/preact";

const WINDOW = 1; // pages shown either side of the current one

// The page numbers to show, with null for a gap: 1 … 4 5 6 … 9
export function pageList(page, pages) {
  const shown = new Set([1, pages]);
  for (let p = page - WINDOW; p <= page + WINDOW; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  return sorted.flatMap((p, i) => (i > 0 && p - sorted[i - 1] > 1 ? [null, p] : [p]));
}

export function Pagination({ page, pages, hrefFor }) {
  if (pages <= 1) return null;
  const step = (target, label, rel) => target >= 1 && target <= pages
    ? html`<a class="pager__step" href=${hrefFor(target)} rel=${rel}>${label}</a>`
    : html`<span class="pager__step pager__step--disabled" aria-disabled="true">${label}</span>`;
  return html`
    <nav class="pager" aria-label="Pagination" data-testid="pagination">
      ${step(page - 1, "← Previous", "prev")}
      <ol class="pager__pages">
        ${pageList(page, pages).map((p, i) => p === null
          ? html`<li key=${`gap${i}`} class="pager__gap" aria-hidden="true">…</li>`
          : html`<li key=${p}>${p === page
            ? html`<span class="pager__page pager__page--current" aria-current="page">${p}</span>`
            : html`<a class="pager__page" href=${hrefFor(p)} aria-label=${`Page ${p}`}>${p}</a>`}</li>`)}
      </ol>
      ${step(page + 1, "Next →", "next")}
    </nav>`;
}
