// @bazaar/wishlist: the wish list page (/wishlist), the signed-in shopper's saved products.
// (The header badge, which also saves products for the catalog, is the parcel in badge.js.)
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { WishlistPage } from "./components/wishlist-page.js";
import { pageCss } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css: pageCss,
  draw({ domElement, bff, bus }, lifetime) {
    render(html`<section class="wishlist"><h1>Your wish list</h1>
      <${WishlistPage} bff=${bff} bus=${bus} lifetime=${lifetime} /></section>`, domElement);
    return () => render(null, domElement);
  },
});
