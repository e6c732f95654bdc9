// Whole-page states: loading, failed (with retry), nothing to check out.
import { html } from "htm/preact";

export function Loading() {
  return html`<div class="loading" role="status"><span class="spinner"></span> Loading your cart…</div>`;
}

export function ErrorState({ message, onRetry }) {
  return html`
    <div class="state state--error" role="alert" data-testid="checkout-load-error">
      <div class="state__icon" aria-hidden="true">!</div>
      <h2>We couldn't load your cart</h2>
      <p>${message}</p>
      <button class="btn btn--primary" type="button" onClick=${onRetry}>Try again</button>
    </div>`;
}

export function EmptyCheckout() {
  return html`
    <div class="state" data-testid="checkout-empty">
      <div class="state__icon state__icon--soft" aria-hidden="true">✓</div>
      <h2>There's nothing to check out</h2>
      <p>Your cart is empty. Add a few things you love, then come back here.</p>
      <a class="btn btn--primary" href="/catalog">Browse the shop</a>
    </div>`;
}

// Why placing the order failed, said prominently above the button.
export function PlaceError({ failure }) {
  return html`
    <div class="alert" role="alert" data-testid="checkout-error" data-code=${failure.code || ""}>
      <strong>${failure.title}</strong>
      <p>${failure.message}</p>
      ${failure.code === "out_of_stock" && html`<a href="/cart">Review your cart</a>`}
    </div>`;
}
