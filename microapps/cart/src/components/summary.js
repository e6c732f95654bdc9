import { html } from "htm/preact";
import { itemCount } from "../format.js";

export function Summary({ cart, busy }) {
  return html`
    <aside class="summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Order summary</h2>
      <dl class="summary__rows">
        <div class="summary__row">
          <dt>Subtotal (<span data-testid="cart-item-count">${itemCount(cart.count)}</span>)</dt>
          <dd class="money" data-testid="cart-subtotal">${cart.subtotal_display}</dd>
        </div>
        <div class="summary__row"><dt>Shipping</dt><dd class="money summary__free">Free</dd></div>
        <div class="summary__row summary__row--total">
          <dt>Total</dt><dd class="money" data-testid="cart-total">${cart.subtotal_display}</dd>
        </div>
      </dl>
      <a class=${`btn btn--primary btn--block${busy ? " btn--waiting" : ""}`} href="/checkout"
         data-testid="proceed-to-checkout" aria-disabled=${busy ? "true" : "false"}>Proceed to checkout</a>
      <p class="summary__note">Free shipping and free returns within 30 days.</p>
      <a class="summary__continue" href="/catalog">← Continue shopping</a>
    </aside>`;
}
