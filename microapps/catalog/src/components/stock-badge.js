import { html } from "htm/preact";
import { stockStatus } from "../format.js";

export function StockBadge({ stock, size = "small" }) {
  const { tone, label } = stockStatus(stock);
  return html`<span class="badge badge--${tone} badge--${size}" data-testid="stock-badge">${label}</span>`;
}
