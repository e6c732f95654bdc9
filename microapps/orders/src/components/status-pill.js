import { html } from "htm/preact";
import { statusLabel } from "../format.js";

// The status word itself is the text (styled as a label), so tests and screen readers read it.
export function StatusPill({ status, testId = "order-status-pill" }) {
  return html`<span class=${`pill pill--${status}`} data-testid=${testId} data-status=${status}
    title=${statusLabel(status)}>${status}</span>`;
}
