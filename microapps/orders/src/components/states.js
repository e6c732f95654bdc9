// Whole-page states: loading, failed (with retry), nothing here, no such order.
import { html } from "htm/preact";

export function Loading({ label }) {
  return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span> ${label}</div>`;
}

export function ErrorState({ title, message, onRetry }) {
  return html`
    <div class="state state--error" role="alert" data-testid="orders-error">
      <div class="state__icon" aria-hidden="true">!</div>
      <h2>${title}</h2>
      <p>${message}</p>
      <button class="btn btn--primary" type="button" onClick=${onRetry}>Try again</button>
    </div>`;
}

export function NoOrders() {
  return html`
    <div class="state" data-testid="orders-empty">
      <div class="state__icon state__icon--soft" aria-hidden="true">☆</div>
      <h2>No orders yet</h2>
      <p>When you place an order, you can follow it here from checkout to your door.</p>
      <a class="btn btn--primary" href="/catalog">Start shopping</a>
    </div>`;
}

export function OrderNotFound() {
  return html`
    <div class="state" data-testid="order-not-found">
      <div class="state__icon state__icon--soft" aria-hidden="true">?</div>
      <h2>We couldn't find that order</h2>
      <p>It may belong to another account, or the link may be mistyped.</p>
      <a class="btn btn--primary" href="/orders">See your orders</a>
    </div>`;
}
