// Whole-page states: loading, failed (with retry), empty.
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

export function ErrorState({ message, onRetry }) {
  return html`
    <div class="state state--error" role="alert" data-testid="cart-error">
      <div class="state__icon" aria-hidden="true">!</div>
      <h2>We couldn't load your cart</h2>
      <p>${message}</p>
      <button class="btn btn--primary" type="button" onClick=${onRetry}>Try again</button>
    </div>`;
}

export function EmptyCart() {
  return html`
    <div class="state" data-testid="cart-empty">
      <div class="state__icon state__icon--soft" aria-hidden="true">
        <svg viewBox="0 0 24 24"><path d="M3 4h2l2.2 10.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L20.5 8H6.2" />
          <circle cx="10" cy="19.5" r="1.5" /><circle cx="17" cy="19.5" r="1.5" /></svg>
      </div>
      <h2>Your cart is empty</h2>
      <p>Find something you love: everything ships free.</p>
      <a class="btn btn--primary" href="/catalog">Browse the shop</a>
    </div>`;
}
