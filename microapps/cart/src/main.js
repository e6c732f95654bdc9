// @bazaar/cart: the /cart page. (The header badge is the parcel in badge.js.)
// Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { adoptStyles } from "@bazaar/platform";
import { CartPage } from "./components/cart-page.js";
import { pageCss } from "./styles.js";

const teardowns = new Map(); // domElement → what unmount() must undo

export async function bootstrap() {}

export async function mount({ domElement, bff, bus }) {
  const lifetime = new AbortController();
  const removeStyles = adoptStyles(domElement, pageCss);
  const shellTitle = document.title;
  render(html`<${CartPage} bff=${bff} bus=${bus} lifetime=${lifetime.signal} />`, domElement);
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
