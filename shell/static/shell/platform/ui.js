// Shared UI for micro-apps whose views use Preact (htm/preact, from the import map): the states
// a view shows while its data loads, when loading failed and when there is nothing to show,
// and the hook that loads that data. Their look is ui-styles.js, adopted by lifecycles().
// `compact` states sit inside a section of a page (a parcel, a panel); the others fill a page.
// `testId` is the data-testid browser tests (and nothing else) find the state by.
import { html, useCallback, useEffect, useState } from "htm/preact";

const classes = (...names) => names.filter(Boolean).join(" ");

// Data is on its way: a spinner and what is loading ("Loading your orders…").
export function Loading({ label = "Loading…", compact = false }) {
  return html`<div class=${classes("bz-ui-loading", compact && "bz-ui-loading--compact")} role="status">
    <span class="bz-ui-spinner" aria-hidden="true"></span> ${label}</div>`;
}

// Loading failed: what went wrong, in the shopper's words, and "Try again" (onRetry).
export function ErrorState({ title, message, onRetry, testId = "error-state", compact = false }) {
  return html`
    <div class=${classes("bz-ui-state bz-ui-state--error", compact && "bz-ui-state--compact")} role="alert" data-testid=${testId}>
      ${!compact && html`<div class="bz-ui-state__icon" aria-hidden="true">!</div>`}
      ${compact ? html`<strong>${title}</strong>` : html`<h2>${title}</h2>`}
      ${message && html`<p>${message}</p>`}
      ${onRetry && html`<button class=${classes("bz-ui-button", compact && "bz-ui-button--quiet")} type="button"
        onClick=${onRetry}>Try again</button>`}
    </div>`;
}

// Nothing to show (an empty list, a page that is not there) and where to go instead:
// `action` ({label, href}) is one link; `children` anything else (several links, say).
// `page`: the state is the whole page, so its title is the page's h1.
export function EmptyState({ title, message, icon = "?", action, children, testId = "empty-state", page = false, compact = false }) {
  const long = typeof icon === "string" && icon.length > 2;
  const Heading = page ? "h1" : "h2";
  return html`
    <div class=${classes("bz-ui-state", page && "bz-ui-state--page", compact && "bz-ui-state--compact")} data-testid=${testId}>
      ${!compact && html`<div class=${classes("bz-ui-state__icon bz-ui-state__icon--soft", long && "bz-ui-state__icon--long")}
        aria-hidden="true">${icon}</div>`}
      ${title && html`<${Heading}>${title}</${Heading}>`}
      ${message && html`<p>${message}</p>`}
      ${children}
      ${action && html`<a class="bz-ui-button" href=${action.href}>${action.label}</a>`}
    </div>`;
}

// Loads data with `load(signal)` for the current `inputs` (an array of what it depends on) and
// returns {status: "loading" | "ready" | "error", data, error, retry}. New inputs abort the
// request for the old ones and show "loading" at once (the old data belongs to other inputs);
// retry() loads again, and data already shown stays until the new answer replaces it.
// `lifetime` (optional, an AbortSignal) ends the request with the mount, too.
export function useResource(load, inputs = [], lifetime = undefined) {
  const key = JSON.stringify(inputs);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState({ key: null, status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const signal = lifetime ? AbortSignal.any([controller.signal, lifetime]) : controller.signal;
    setResult((shown) => (shown.key === key && shown.status === "ready" ? shown : { key, status: "loading" }));
    load(signal).then(
      (data) => signal.aborted || setResult({ key, status: "ready", data }),
      (error) => signal.aborted || setResult({ key, status: "error", error }),
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return result.key === key ? { ...result, retry } : { status: "loading", retry };
}
