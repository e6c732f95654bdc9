// @bazaar/cart: the /cart page. (The header badge is the parcel in badge.js.)
// Everything mount() sets up is undone by unmount().
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { CartPage } from "./components/cart-page.js";
import { pageCss } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css: pageCss,
  draw({ domElement, bff, bus }, lifetime) {
    const shellTitle = document.title;
    render(html`<${CartPage} bff=${bff} bus=${bus} lifetime=${lifetime} />`, domElement);
    return () => {
      render(null, domElement);
      document.title = shellTitle;
    };
  },
});
