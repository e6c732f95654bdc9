import { html, useState } from "htm/preact";
import { useServices } from "../context.js";

const MAX_PER_ORDER = 10;

// Publishes "cart:add" for whichever cart app listens, and confirms with a toast.
export function AddToCart({ product }) {
  const { bus, notify } = useServices();
  const [quantity, setQuantity] = useState(1);
  const soldOut = product.stock <= 0;
  const choices = Array.from({ length: Math.min(product.stock, MAX_PER_ORDER) }, (_, i) => i + 1);

  const add = () => {
    bus.publish("cart:add", {
      productId: product.id,
      name: product.name,
      price_cents: product.price.amount_cents,
      quantity,
    });
    notify(`Added ${quantity} × ${product.name} to your cart`);
  };

  return html`
    <div class="buy">
      ${!soldOut && html`
        <label class="buy__qty">
          <span class="sr-only">Quantity</span>
          <span aria-hidden="true">Qty</span>
          <select data-testid="quantity-select" value=${quantity}
                  onChange=${(e) => setQuantity(Number(e.currentTarget.value))}>
            ${choices.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
          </select>
        </label>`}
      <button class="btn btn--primary btn--large buy__add" type="button" data-testid="add-to-cart"
              disabled=${soldOut} onClick=${add}>
        ${soldOut ? "Out of stock" : "Add to cart"}
      </button>
    </div>`;
}
