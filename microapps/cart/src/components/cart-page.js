// The /cart page: the lines, what they cost, and the way to checkout.
import { html, useEffect } from "htm/preact";
import { EmptyState, ErrorState } from "@bazaar/platform";
import { describeError, itemCount } from "../format.js";
import { useCart } from "../hooks/use-cart.js";
import { CartSkeleton } from "./cart-skeleton.js";
import { LineItem } from "./line-item.js";
import { Summary } from "./summary.js";

const cartIcon = () => html`<svg viewBox="0 0 24 24"><path d="M3 4h2l2.2 10.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L20.5 8H6.2" />
  <circle cx="10" cy="19.5" r="1.5" /><circle cx="17" cy="19.5" r="1.5" /></svg>`;

function EmptyCart() {
  return html`<${EmptyState} testId="cart-empty" icon=${cartIcon()} title="Your cart is empty"
    message="Find something you love: everything ships free." action=${{ label: "Browse the shop", href: "/catalog" }} />`;
}

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
      ${cart.status === "error" && html`<${ErrorState} testId="cart-error" title="We couldn't load your cart"
        message=${describeError(cart.error)} onRetry=${cart.retry} />`}
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
