import { html, useEffect } from "htm/preact";

const TOAST_MS = 4 * 1000; // 4 seconds on screen
const ERROR_TOAST_MS = 7 * 1000; // failures stay longer: they ask the shopper to act

function Toast({ toast, onDismiss }) {
  const failed = toast.tone === "error";
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), failed ? ERROR_TOAST_MS : TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id]);
  return html`
    <div class=${`toast toast--${toast.tone}`} data-testid="toast" data-tone=${toast.tone}>
      <span class="toast__icon" aria-hidden="true">${failed ? "!" : "✓"}</span>
      <span class="toast__text">${toast.message}</span>
      <button class="toast__close" type="button" aria-label="Dismiss" onClick=${() => onDismiss(toast.id)}>×</button>
    </div>`;
}

export function Toasts({ toasts, onDismiss }) {
  return html`
    <div class="toasts" role="status" aria-live="polite">
      ${toasts.map((t) => html`<${Toast} key=${t.id} toast=${t} onDismiss=${onDismiss} />`)}
    </div>`;
}
