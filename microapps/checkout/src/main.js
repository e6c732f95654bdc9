// @bazaar/checkout: review the cart, enter a shipping address, place the order.
// Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { createBffClient, lifecycles, navigate as platformNavigate } from "@bazaar/platform";
import { CheckoutPage } from "./components/checkout-page.js";
import { css } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff, bus, config = {}, user, navigate = platformNavigate }, lifetime) {
    const cartBff = createBffClient(config.cartBff || "/bff/cart/api", { auth: true });
    const shellTitle = document.title;
    render(html`<${CheckoutPage} bff=${bff} cartBff=${cartBff} bus=${bus} navigate=${navigate} user=${user}
      lifetime=${lifetime} />`, domElement);
    return () => {
      render(null, domElement);
      document.title = shellTitle;
    };
  },
});
