import { html } from "htm/preact";
import { QuantitySelect } from "./quantity-select.js";

const LOW_STOCK = 5; // at or below this, say how many are left

function StockNote({ item }) {
  if (!item.in_stock || item.stock <= 0) {
    return html`<p class="note note--danger">Out of stock: remove it to check out.</p>`;
  }
  if (item.quantity > item.stock) {
    return html`<p class="note note--danger">Only ${item.stock} left: lower the quantity to check out.</p>`;
  }
  if (item.stock <= LOW_STOCK) return html`<p class="note note--warn">Only ${item.stock} left</p>`;
  return null;
}

export function LineItem({ item, busy, pending, error, onQuantity, onRemove }) {
  const productUrl = `/catalog/p/${encodeURIComponent(item.product_id)}`;
  return html`
    <li class=${`line${busy ? " line--busy" : ""}`} data-testid="cart-line" data-product-id=${item.product_id}
        aria-busy=${busy ? "true" : "false"}>
      <a class="line__media" href=${productUrl} tabindex="-1" aria-hidden="true">
        <img src=${item.image_url} alt="" width="96" height="96" loading="lazy" />
      </a>
      <div class="line__info">
        <a class="line__name" href=${productUrl} data-testid="cart-line-name">${item.name}</a>
        <p class="line__unit" data-testid="cart-line-price">${item.price_display} each</p>
        <${StockNote} item=${item} />
        ${pending && html`<p class="note note--pending" data-testid="cart-line-pending">Pending: saved on this device, sent when you're online</p>`}
        ${error && html`<p class="note note--danger" role="alert">${error}</p>`}
      </div>
      <div class="line__controls">
        <${QuantitySelect} item=${item} disabled=${Boolean(busy)} onChange=${onQuantity} />
        <button class="link-button" type="button" data-testid="cart-remove" disabled=${Boolean(busy)}
                aria-label=${`Remove ${item.name}`} onClick=${onRemove}>
          ${busy === "removing" ? "Removing…" : "Remove"}
        </button>
      </div>
      <p class="line__total money" data-testid="cart-line-total">${item.line_total_display}</p>
    </li>`;
}
