import { html } from "htm/preact";
import { SORTS } from "../routes.js";

export function SortSelect({ value, onChange }) {
  return html`
    <label class="sort">
      <span class="sort__label">Sort by</span>
      <select class="sort__select" data-testid="sort-select" value=${value}
              onChange=${(e) => onChange(e.currentTarget.value)}>
        ${SORTS.map((s) => html`<option key=${s.value} value=${s.value}>${s.label}</option>`)}
      </select>
    </label>`;
}
