import { html } from "htm/preact";
import { FIELDS } from "../checkout-form.js";

const TEST_IDS = { postal_code: "checkout-postal-code" };
const testId = (name) => TEST_IDS[name] || `checkout-${name}`;

// One labelled input (or select) with its error message, tied together for screen readers.
export function Field({ name, value, error, onInput, onBlur, type = "text", wide = false, children }) {
  const [label, autocomplete] = FIELDS[name];
  const id = `field-${name}`;
  const common = {
    id, name, value, autocomplete, "data-testid": testId(name), "aria-invalid": error ? "true" : "false",
    "aria-describedby": error ? `${id}-error` : undefined,
    onBlur: () => onBlur(name),
  };
  return html`
    <div class=${`field${wide ? " field--wide" : ""}${error ? " field--invalid" : ""}`}>
      <label for=${id}>${label}</label>
      ${children
        ? html`<select ...${common} onChange=${(e) => onInput(name, e.currentTarget.value)}>${children}</select>`
        : html`<input ...${common} type=${type} onInput=${(e) => onInput(name, e.currentTarget.value)} />`}
      ${error && html`<p class="field__error" id=${`${id}-error`} data-testid=${`${testId(name)}-error`}>${error}</p>`}
    </div>`;
}
