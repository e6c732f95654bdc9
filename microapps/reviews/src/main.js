// @bazaar/reviews: the page at /reviews lists the signed-in shopper's reviews (the product
// page's section is the parcel in product.js). Its BFF is /bff/reviews/api. All it needs from
// the platform arrives as lifecycle props (bff, bus, user, config) or from @bazaar/platform.
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { MyReviews } from "./components/my-reviews.js";
import { css } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff }, lifetime) {
    render(html`<section class="app" data-testid="reviews-page">
      <h1>Your reviews</h1>
      <${MyReviews} bff=${bff} lifetime=${lifetime} />
    </section>`, domElement);
    return () => render(null, domElement);
  },
});
