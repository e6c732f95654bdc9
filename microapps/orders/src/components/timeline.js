import { html } from "htm/preact";
import { formatStepTime, stepsOf } from "../format.js";

// placed → paid → shipped → delivered (or placed → cancelled): done steps show when they
// happened, the current one stands out.
export function Timeline({ order }) {
  const reached = new Map(order.timeline.map((entry) => [entry.status, entry.at]));
  const steps = stepsOf(order);
  const currentIndex = steps.findIndex((step) => step.status === order.status);
  return html`
    <ol class="timeline" aria-label="Order progress">
      ${steps.map((step, index) => {
        const done = index <= currentIndex || reached.has(step.status);
        const current = index === currentIndex;
        const at = reached.get(step.status);
        const cancelled = step.status === "cancelled";
        const classes = ["timeline__step", done && "timeline__step--done", current && "timeline__step--current", cancelled && "timeline__step--cancelled"];
        return html`
          <li key=${step.status} class=${classes.filter(Boolean).join(" ")} data-testid="timeline-step"
              data-status=${step.status} data-done=${String(done)} aria-current=${current ? "step" : undefined}>
            <span class="timeline__dot" aria-hidden="true">${cancelled ? "✕" : done ? "✓" : index + 1}</span>
            <span class="timeline__label">${step.label}</span>
            <span class="timeline__text">${at
              ? html`<time datetime=${new Date(at).toISOString()}>${formatStepTime(at, order.placed_at)}</time>`
              : done ? "Done" : "Pending"}</span>
          </li>`;
      })}
    </ol>`;
}
