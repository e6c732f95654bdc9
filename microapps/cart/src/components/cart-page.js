// The /cart page: the lines, what they cost, and the way to checkout.
import { html, useEffect } from "htm/preact";
import { describeError, itemCount } from "../format.js";
import { useCart } from "../hooks/use-cart.js";
import { LineItem } from "./line-item.js";
import { CartSkeleton, EmptyCart, ErrorState } from "./states.js";
import { Summary } from "./summary.js";

export function CartPage({ bff, bus, lifetime }) {
  const cart = useCart({ bff, bus, lifetime });
  useEffect(() => { document.title = "Your cart · Bazaar"; }, []);

  return html`
    <section class="cart" aria-labelledby="cart-title">
      <header class="cart__head">
        <h1 id="cart-title">Your cart</h1>
        ${cart.status === "ready" && cart.cart.count > 0 &&
          html`<p class="cart__count">${itemCount(cart.cart.count)}</p>`}
      </header>
      ${cart.status === "loading" && html`<${CartSkeleton} />`}
      ${cart.status === "error" && html`<${ErrorState} message=${describeError(cart.error)} onRetry=${cart.retry} />`}
      ${cart.status === "ready" && (cart.cart.items.length === 0 ? html`<${EmptyCart} />` : html`
        <div class="cart__layout">
          <ul class="lines" aria-label="Items in your cart">
            ${cart.cart.items.map((item) => html`
              <${LineItem} key=${item.product_id} item=${item} busy=${cart.busy[item.product_id]}
                pending=${cart.pending.has(item.product_id)}
                error=${cart.lineErrors[item.product_id]}
                onQuantity=${(quantity) => cart.setQuantity(item.product_id, quantity)}
                onRemove=${() => cart.remove(item.product_id)} />`)}
          </ul>
          <${Summary} cart=${cart.cart} busy=${Object.keys(cart.busy).length > 0} />
        </div>`)}
    </section>`;
}
