// The product page's buy box. The catalog does not know which app keeps the cart: it offers
// "Add to cart" while something handles signals.CART_ADD, "Sign in to buy" to a signed-out
// shopper when nothing does, and otherwise says the cart is unavailable.
import { html, useState } from "htm/preact";
import { currentUser, signInUrl, signals } from "@bazaar/platform";
import { useServices } from "../hooks/use-services.js";
import { useAddToCart } from "../hooks/use-add-to-cart.js";
import { useHandled } from "../hooks/use-handled.js";
import { useAfter } from "../hooks/use-lifetime.js";

const MAX_PER_ORDER = 10;
const CART_GRACE_MS = 3 * 1000; // the cart's header parcel mounts a moment after the page

export function AddToCart({ product }) {
  const { bus } = useServices();
  const cartReady = useHandled(bus, signals.CART_ADD);
  const waitedForCart = useAfter(CART_GRACE_MS);
  const addToCart = useAddToCart();
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);

  if (product.stock <= 0) {
    return html`
      <div class="buy">
        <button class="btn btn--primary btn--large buy__add" type="button" data-testid="add-to-cart" disabled>Sold out</button>
      </div>`;
  }
  if (!cartReady && !currentUser().signedIn) {
    return html`
      <div class="buy">
        <a class="btn btn--primary btn--large buy__add" href=${signInUrl()} data-testid="sign-in-to-buy">Sign in to buy</a>
        <p class="buy__note">Sign in to add products to your cart and check out.</p>
      </div>`;
  }
  if (!cartReady) {
    return html`
      <div class="buy">
        <button class="btn btn--primary btn--large buy__add" type="button" data-testid="add-to-cart"
                data-state=${waitedForCart ? "unavailable" : "waiting"} aria-busy=${!waitedForCart} disabled>
          ${waitedForCart ? "Cart unavailable" : "Add to cart"}
        </button>
        ${waitedForCart && html`<p class="buy__note" role="status">Our cart isn't answering right now. Please try again in a moment.</p>`}
      </div>`;
  }

  const choices = Array.from({ length: Math.min(product.stock, MAX_PER_ORDER) }, (_, i) => i + 1);
  const add = async () => {
    setAdding(true);
    await addToCart(product, quantity);
    setAdding(false);
  };
  return html`
    <div class="buy">
      <label class="buy__qty">
        <span class="sr-only">Quantity</span>
        <span aria-hidden="true">Qty</span>
        <select data-testid="quantity-select" value=${quantity} onChange=${(e) => setQuantity(Number(e.currentTarget.value))}>
          ${choices.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
        </select>
      </label>
      <button class="btn btn--primary btn--large buy__add" type="button" data-testid="add-to-cart"
              data-state=${adding ? "adding" : "ready"} aria-busy=${adding} disabled=${adding} onClick=${add}>
        ${adding ? "Adding…" : "Add to cart"}
      </button>
    </div>`;
}
