// @bazaar/orders: checkout (/checkout), the shopper's order history (/orders) and each order's
// progress (/orders/<id>). Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { lifecycles, navigate as platformNavigate, onNavigate } from "@bazaar/platform";
import { checkoutCss } from "./checkout-styles.js";
import { OrdersApp } from "./components/orders-app.js";
import { parseRoute } from "./routes.js";
import { css } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css: css + checkoutCss,
  draw({ domElement, bff, bus, user, config = {}, navigate = platformNavigate }, lifetime) {
    const shellTitle = document.title;
    const title = config.title || "Your orders";
    const draw = (location) => render(html`<${OrdersApp} route=${parseRoute(location)} bff=${bff} bus=${bus}
      user=${user} navigate=${navigate} lifetime=${lifetime} title=${title} />`, domElement);
    draw(window.location);
    const stopListening = onNavigate(draw);
    return () => {
      stopListening();
      render(null, domElement);
      document.title = shellTitle;
    };
  },
});
