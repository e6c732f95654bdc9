import { html } from "htm/preact";

const MAX_CHOICES = 10; // as on the product page; a larger quantity already in the cart stays listed

export function QuantitySelect({ item, disabled, onChange }) {
  const top = Math.max(item.quantity, Math.min(item.stock ?? MAX_CHOICES, MAX_CHOICES), 1);
  const choices = Array.from({ length: top }, (_, i) => i + 1);
  return html`
    <label class="qty">
      <span class="sr-only">Quantity of ${item.name}</span>
      <span class="qty__label" aria-hidden="true">Qty</span>
      <select data-testid="cart-quantity" value=${item.quantity} disabled=${disabled}
              onChange=${(event) => onChange(Number(event.currentTarget.value))}>
        ${choices.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
      </select>
    </label>`;
}
