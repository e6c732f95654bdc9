// Loading, failure and "not there yet" states every view of Reviews shares.
import { html, useEffect, useState } from "htm/preact";

// Runs `load(signal)` now and whenever `deps` change; `retry()` runs it again.
export function useLoad(load, deps, signal) {
  const [state, setState] = useState({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setState((previous) => (previous.status === "ready" ? previous : { status: "loading" }));
    load(signal)
      .then((data) => setState({ status: "ready", data }))
      .catch((error) => signal.aborted || setState({ status: "error", error }));
  }, [...deps, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

// A BFF that is not served (yet) answers 404 at its base path, or a proxy answers 502-504.
const UNAVAILABLE = new Set([404, 502, 503, 504]);

export function Failed({ error, retry, what = "Reviews" }) {
  const unavailable = error.status === undefined || UNAVAILABLE.has(error.status);
  return html`<div class="notice notice--error" role="alert" data-testid="reviews-error">
    <strong>${unavailable ? `${what} is not available right now.` : `${what} could not be loaded.`}</strong>
    <span>${unavailable ? "Its service may be starting or restarting. Try again in a moment." : error.message}</span>
    <button type="button" class="button button--quiet" onClick=${retry}>Try again</button>
  </div>`;
}

export const Loading = ({ text = "Loading…" }) => html`<p class="muted" role="status">${text}</p>`;
