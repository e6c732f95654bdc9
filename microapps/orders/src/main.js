// @bazaar/orders: the shopper's order history (/orders) and each order's progress
// (/orders/<id>). Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { lifecycles, onNavigate } from "@bazaar/platform";
import { OrdersApp } from "./components/orders-app.js";
import { parseRoute } from "./routes.js";
import { css } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff, config = {} }, lifetime) {
    const shellTitle = document.title;
    const title = config.title || "Your orders";
    const draw = (location) => render(html`<${OrdersApp} route=${parseRoute(location)} bff=${bff}
      lifetime=${lifetime} title=${title} />`, domElement);
    draw(window.location);
    const stopListening = onNavigate(draw);
    return () => {
      stopListening();
      render(null, domElement);
      document.title = shellTitle;
    };
  },
});
