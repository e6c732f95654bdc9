import { html, useEffect } from "htm/preact";

const TOAST_MS = 4 * 1000; // 4 seconds on screen

function Toast({ toast, onDismiss }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id]);
  return html`
    <div class="toast" data-testid="toast">
      <span class="toast__check" aria-hidden="true">✓</span>
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
