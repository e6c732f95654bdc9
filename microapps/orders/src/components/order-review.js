import { html } from "htm/preact";
import { itemCount } from "../format.js";

export function OrderReview({ cart, placing, children }) {
  return html`
    <aside class="panel review" aria-labelledby="review-title">
      <h2 id="review-title"><span class="step">3</span> Review your order</h2>
      <ul class="review__lines" aria-label="Items">
        ${cart.items.map((item) => html`
          <li key=${item.product_id} class="review__line" data-testid="checkout-line" data-product-id=${item.product_id}>
            <span class="review__media"><img src=${item.image_url} alt="" width="56" height="56" />
              <span class="review__qty" aria-label=${`Quantity ${item.quantity}`} data-testid="checkout-line-quantity">${item.quantity}</span></span>
            <span class="review__name" data-testid="checkout-line-name">${item.name}</span>
            <span class="money" data-testid="checkout-line-total">${item.line_total_display}</span>
          </li>`)}
      </ul>
      <dl class="review__totals">
        <div><dt>Subtotal (${itemCount(cart.count)})</dt><dd class="money" data-testid="checkout-subtotal">${cart.subtotal_display}</dd></div>
        <div><dt>Shipping</dt><dd class="money free">Free</dd></div>
        <div class="review__total"><dt>Total</dt><dd class="money" data-testid="checkout-total">${cart.subtotal_display}</dd></div>
      </dl>
      ${children}
      <button class="btn btn--primary btn--block" type="submit" form="checkout-form" data-testid="place-order"
              disabled=${placing} aria-busy=${placing ? "true" : "false"}>
        ${placing ? html`<span class="spinner" aria-hidden="true"></span> Placing your order…` : "Place order"}
      </button>
      <p class="review__note"><svg viewBox="0 0 24 24" aria-hidden="true"><rect x="5" y="11" width="14" height="9" rx="2" />
        <path d="M8 11V8a4 4 0 0 1 8 0v3" /></svg> Secure checkout · free returns within 30 days</p>
    </aside>`;
}
