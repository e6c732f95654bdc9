// Recently viewed: the products this shopper opened, newest first, kept on this device and
// shown in the footer. Written with the platform and a plain custom element, no view library,
// to show that a micro-app may use any framework or none: it shares the bus (it follows the
// catalog's "product:viewed") and the shell's design tokens (--bz-* custom properties).
import { signals } from "@bazaar/platform";
import { RecentlyViewed, TAG } from "./components/recently-viewed.js";
import { UNOWNED_KEY, recentList } from "./recent-list.js";

// A later version of this app may already have defined the element on this page.
if (!customElements.get(TAG)) customElements.define(TAG, RecentlyViewed);

const mounted = new WeakMap(); // domElement -> what unmount undoes

export async function bootstrap() {}

export async function mount({ domElement, bus, user, config = {} }) {
  window.localStorage.removeItem(UNOWNED_KEY); // whose it was is unknown: shown to nobody
  const list = recentList(window.localStorage, { limit: config.limit || 4, owner: user?.id || "" });
  const element = document.createElement(TAG);
  element.items = list.items();
  domElement.append(element);
  const unsubscribe = bus.subscribe(signals.PRODUCT_VIEWED, (product) => {
    element.items = list.remember(product);
  });
  // Another tab viewed something: show it here too.
  const onStorage = (event) => {
    if (event.key === list.key) element.items = list.items();
  };
  window.addEventListener("storage", onStorage);
  mounted.set(domElement, () => {
    unsubscribe();
    window.removeEventListener("storage", onStorage);
    element.remove();
  });
}

export async function unmount({ domElement }) {
  mounted.get(domElement)?.();
  mounted.delete(domElement);
}
