// Header parcel: a cart with the number of items in it. Its CartCounter answers the catalog's
// "cart:add" and checkout's "cart:contents-wanted" requests, so adding and checking out work
// from any page while the shopper is signed in.
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { CartBadge } from "./components/cart-badge.js";
import { CartCounter } from "./counter.js";
import { badgeCss } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css: badgeCss,
  draw({ domElement, bff, bus }) {
    const counter = new CartCounter({ bff, bus });
    counter.start(); // subscribe now, not after the first render: "Add to cart" may already be waiting
    render(html`<${CartBadge} counter=${counter} />`, domElement);
    return () => {
      render(null, domElement);
      counter.stop();
    };
  },
});
