// @bazaar/checkout: review the cart, enter a shipping address, place the order.
// Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { adoptStyles, createBffClient, navigate as platformNavigate } from "@bazaar/platform";
import { CheckoutPage } from "./components/checkout-page.js";
import { css } from "./styles.js";

const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, bus, config = {}, user, navigate = platformNavigate }) {
  const lifetime = new AbortController();
  const cartBff = createBffClient(config.cartBff || "/bff/cart/api", { auth: true });
  const removeStyles = adoptStyles(domElement, css);
  const shellTitle = document.title;
  render(html`<${CheckoutPage} bff=${bff} cartBff=${cartBff} bus=${bus} navigate=${navigate} user=${user}
    lifetime=${lifetime.signal} />`, domElement);
  teardowns.set(domElement, () => {
    lifetime.abort();
    render(null, domElement);
    removeStyles();
    document.title = shellTitle;
  });
}

export async function unmount({ domElement }) {
  teardowns.get(domElement)?.();
  teardowns.delete(domElement);
}
