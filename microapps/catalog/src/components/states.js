// Whole-section states: failed to load (with retry), nothing to show, page not found.
import { html } from "htm/preact";
import { describeError } from "../format.js";
import { listUrl } from "../routes.js";

export function ErrorState({ error, onRetry }) {
  const { title, message } = describeError(error);
  return html`
    <div class="state state--error" role="alert" data-testid="error-state">
      <div class="state__icon" aria-hidden="true">!</div>
      <h2>${title}</h2>
      <p>${message}</p>
      <button class="btn btn--primary" type="button" onClick=${onRetry}>Try again</button>
    </div>`;
}

export function EmptyState({ title, children }) {
  return html`
    <div class="state" data-testid="empty-state">
      <div class="state__icon state__icon--soft" aria-hidden="true">?</div>
      <h2>${title}</h2>
      ${children}
    </div>`;
}

export function NotFound({ title = "We couldn't find that page", message }) {
  return html`
    <div class="state state--page" data-testid="catalog-not-found">
      <div class="state__icon state__icon--soft" aria-hidden="true">404</div>
      <h1>${title}</h1>
      <p>${message || "It may have moved, or the link may be mistyped."}</p>
      <p class="state__actions">
        <a class="btn btn--primary" href=${listUrl()}>Browse all products</a>
        <a class="btn btn--ghost" href="/">Back to home</a>
      </p>
    </div>`;
}
