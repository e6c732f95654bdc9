// Header parcel: a heart with the number of saved products. It also answers
// signals.WISHLIST_SAVE, so "Save to wish list" works from any page while the shopper is
// signed in (the catalog offers the button only while something handles that signal).
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { WishlistBadge } from "./components/wishlist-badge.js";
import { badgeCss } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css: badgeCss,
  draw({ domElement, bff, bus }) {
    render(html`<${WishlistBadge} bff=${bff} bus=${bus} />`, domElement);
    return () => render(null, domElement);
  },
});
