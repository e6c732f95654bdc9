// The /checkout page: the shipping form beside a review of the cart (asked of the cart app over
// the bus), and "Place order" (sent to this app's orders BFF).
import { html, useEffect, useRef, useState } from "htm/preact";
import { EmptyState, ErrorState, Loading, useResource } from "@bazaar/platform";
import { requestCart } from "../api.js";
import { emptyForm, fieldErrorsFrom, orderBody, orderDetails, validate } from "../checkout-form.js";
import { describeCartError } from "../format.js";
import { usePlaceOrder } from "../hooks/use-place-order.js";
import { OrderReview } from "./order-review.js";
import { PlaceError } from "./place-error.js";
import { ShippingForm } from "./shipping-form.js";

function EmptyCheckout() {
  return html`<${EmptyState} testId="checkout-empty" icon="✓" title="There's nothing to check out"
    message="Your cart is empty. Add a few things you love, then come back here."
    action=${{ label: "Browse the shop", href: "/catalog" }} />`;
}

export function CheckoutPage({ bff, bus, navigate, user, lifetime }) {
  const cart = useResource((signal) => requestCart(bus, signal), [], lifetime);
  const order = usePlaceOrder({ bff, bus, navigate, lifetime });
  const [values, setValues] = useState(() => emptyForm(user?.name || ""));
  const [touched, setTouched] = useState({}); // fields whose errors show (after blur or a submit)
  const [serverErrors, setServerErrors] = useState({});
  const root = useRef(null);
  useEffect(() => { document.title = "Checkout · Bazaar"; }, []);

  useEffect(() => {
    if (order.failure?.code === "validation_error") setServerErrors(fieldErrorsFrom(order.failure.errors).fields);
  }, [order.failure]);

  const clientErrors = validate(values);
  const shown = Object.fromEntries(Object.keys(values)
    .map((name) => [name, touched[name] ? clientErrors[name] || serverErrors[name] : serverErrors[name]])
    .filter(([, message]) => message));

  const onInput = (name, value) => {
    setValues((v) => ({ ...v, [name]: value }));
    setServerErrors(({ [name]: _, ...rest }) => rest);
  };
  const onBlur = (name) => setTouched((t) => ({ ...t, [name]: true }));

  const submit = () => {
    setTouched(Object.fromEntries(Object.keys(values).map((name) => [name, true])));
    const firstInvalid = Object.keys(values).find((name) => clientErrors[name]);
    if (firstInvalid) {
      root.current?.querySelector(`[name=${firstInvalid}]`)?.focus();
      return;
    }
    order.place(orderBody(values, cart.data), orderDetails(cart.data));
  };

  let body;
  if (cart.status === "loading") body = html`<${Loading} label="Loading your cart…" />`;
  else if (cart.status === "error") {
    body = html`<${ErrorState} testId="checkout-load-error" title="We couldn't load your cart"
      message=${describeCartError(cart.error)} onRetry=${cart.retry} />`;
  } else if (cart.data.items.length === 0) body = html`<${EmptyCheckout} />`;
  else {
    const invalidCount = Object.keys(shown).length;
    body = html`
      <div class="layout">
        <${ShippingForm} values=${values} errors=${shown} onInput=${onInput} onBlur=${onBlur}
          onSubmit=${submit} disabled=${order.placing} />
        <${OrderReview} cart=${cart.data} placing=${order.placing}>
          ${order.failure && html`<${PlaceError} failure=${order.failure} />`}
          ${!order.failure && invalidCount > 0 && html`<p class="form-summary" role="alert">
            Please correct ${invalidCount === 1 ? "the highlighted field" : `the ${invalidCount} highlighted fields`}.</p>`}
        </${OrderReview}>
      </div>`;
  }

  return html`
    <section class="checkout" aria-labelledby="checkout-title" ref=${root}>
      <header class="checkout__head">
        <a class="checkout__back" href="/cart">← Back to cart</a>
        <h1 id="checkout-title">Checkout</h1>
      </header>
      ${body}
    </section>`;
}
