// The /wishlist page: the signed-in shopper's saved products, each with a way to remove it.
import { html } from "htm/preact";
import { EmptyState, ErrorState, Loading } from "@bazaar/platform";
import { useWishlist } from "../hooks/use-wishlist.js";

export function WishlistPage({ bff, bus, lifetime }) {
  const wishlist = useWishlist({ bff, bus, lifetime });

  if (wishlist.status === "loading") return html`<${Loading} label="Loading your wish list…" />`;
  if (wishlist.status === "error") {
    return html`<${ErrorState} testId="wishlist-error" title="Your wish list could not be loaded"
      message=${wishlist.error.message} onRetry=${wishlist.retry} />`;
  }
  if (wishlist.items.length === 0) {
    return html`<${EmptyState} testId="wishlist-empty" icon="♡" title="Your wish list is empty"
      message='Tap "Save to wish list" on any product to keep it here.' action=${{ label: "Browse the shop", href: "/catalog" }} />`;
  }
  return html`
    <ul class="items">
      ${wishlist.items.map((item) => html`
        <li class="item" key=${item.product_id} data-testid="wishlist-item">
          <img src=${item.image_url} alt="" loading="lazy" />
          <div>
            <a href=${`/catalog/p/${item.product_id}`} data-testid="wishlist-item-name">${item.name}</a>
            <div class="item__price">${item.price_display}</div>
          </div>
          <button class="remove" type="button" onClick=${() => wishlist.remove(item.product_id)}>Remove</button>
        </li>`)}
    </ul>`;
}
