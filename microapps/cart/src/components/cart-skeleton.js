// The cart page while the cart loads: the shape of two lines and the summary, shimmering.
import { html } from "htm/preact";

export function CartSkeleton() {
  return html`
    <div class="cart__layout" role="status" aria-label="Loading your cart">
      <ul class="lines">
        ${[0, 1].map((i) => html`<li key=${i} class="line line--skeleton">
          <span class="skeleton skeleton--media"></span>
          <div><span class="skeleton" style="width: 60%"></span><span class="skeleton" style="width: 30%"></span></div>
        </li>`)}
      </ul>
      <div class="summary"><span class="skeleton" style="width: 50%"></span><span class="skeleton skeleton--button"></span></div>
    </div>`;
}
