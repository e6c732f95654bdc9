// @bazaar/orders: the shopper's order history (/orders) and each order's progress
// (/orders/<id>). Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { adoptStyles, onNavigate } from "@bazaar/platform";
import { OrdersApp } from "./components/orders-app.js";
import { parseRoute } from "./routes.js";
import { css } from "./styles.js";

const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, config = {} }) {
  const lifetime = new AbortController();
  const removeStyles = adoptStyles(domElement, css);
  const shellTitle = document.title;
  const title = config.title || "Your orders";
  const draw = (location) => render(html`<${OrdersApp} route=${parseRoute(location)} bff=${bff}
    lifetime=${lifetime.signal} title=${title} />`, domElement);
  draw(window.location);
  const stopListening = onNavigate(draw);

  teardowns.set(domElement, () => {
    stopListening();
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
