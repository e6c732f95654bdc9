// Why placing the order failed, said prominently above the button.
import { html } from "htm/preact";

export function PlaceError({ failure }) {
  return html`
    <div class="alert" role="alert" data-testid="checkout-error" data-code=${failure.code || ""}>
      <strong>${failure.title}</strong>
      <p>${failure.message}</p>
      ${failure.code === "out_of_stock" && html`<a href="/cart">Review your cart</a>`}
    </div>`;
}
