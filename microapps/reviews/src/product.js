// Parcel for the catalog's product page (mount point "product-details", context {productId}):
// the product's reviews and the shopper's own (components/product-reviews.js).
import { html, render } from "htm/preact";
import { lifecycles } from "@bazaar/platform";
import { ProductReviews } from "./components/product-reviews.js";
import { css } from "./styles.js";

export const { bootstrap, mount, unmount } = lifecycles({
  css,
  draw({ domElement, bff, user, config, context }, lifetime) {
    render(html`<section class="parcel" data-testid="reviews-product">
      <h2>${config.title}</h2>
      <${ProductReviews} bff=${bff} user=${user} productId=${context.productId} lifetime=${lifetime} />
    </section>`, domElement);
    return () => render(null, domElement);
  },
});
