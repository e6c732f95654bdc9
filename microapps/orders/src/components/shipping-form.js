import { html } from "htm/preact";
import { COUNTRIES } from "../checkout-form.js";
import { Field } from "./field.js";

export function ShippingForm({ values, errors, onInput, onBlur, onSubmit, disabled }) {
  const field = (name, extra = {}) =>
    html`<${Field} name=${name} value=${values[name]} error=${errors[name]} onInput=${onInput} onBlur=${onBlur} ...${extra} />`;
  return html`
    <form id="checkout-form" class="panel form" novalidate onSubmit=${(e) => { e.preventDefault(); onSubmit(); }}>
      <fieldset disabled=${disabled}>
        <legend><span class="step">1</span> Contact</legend>
        <div class="grid">${field("email", { type: "email", wide: true })}</div>
        <p class="hint">We'll send your receipt and delivery updates here.</p>
      </fieldset>
      <fieldset disabled=${disabled}>
        <legend><span class="step">2</span> Shipping address</legend>
        <div class="grid">
          ${field("name", { wide: true })}
          ${field("address", { wide: true })}
          ${field("city")}
          ${field("postal_code")}
          <${Field} name="country" value=${values.country} error=${errors.country} onInput=${onInput} onBlur=${onBlur} wide>
            ${COUNTRIES.map((c) => html`<option key=${c.code} value=${c.code}>${c.name}</option>`)}
          </${Field}>
        </div>
      </fieldset>
    </form>`;
}
