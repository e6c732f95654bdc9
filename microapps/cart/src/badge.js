// Header parcel: a cart with the number of items in it. Its CartCounter answers the catalog's
// "cart:add" requests, so adding works from any page while the shopper is signed in.
import { html, render } from "htm/preact";
import { adoptStyles } from "@bazaar/platform";
import { CartBadge } from "./components/cart-badge.js";
import { CartCounter } from "./counter.js";
import { badgeCss } from "./styles.js";

const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, bus }) {
  const removeStyles = adoptStyles(domElement, badgeCss);
  const counter = new CartCounter({ bff, bus });
  counter.start(); // subscribe now, not after the first render: "Add to cart" may already be waiting
  render(html`<${CartBadge} counter=${counter} />`, domElement);
  teardowns.set(domElement, () => {
    render(null, domElement);
    counter.stop();
    removeStyles();
  });
}

export async function unmount({ domElement }) {
  teardowns.get(domElement)?.();
  teardowns.delete(domElement);
}
