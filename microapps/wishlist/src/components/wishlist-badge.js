// A heart with the number of saved products, linking to the wish list.
import { html } from "htm/preact";
import { useWishlistCount } from "../hooks/use-wishlist-count.js";

export function WishlistBadge({ bff, bus }) {
  const count = useWishlistCount({ bff, bus });
  const label = count === null ? "Wish list" : `Wish list, ${count} ${count === 1 ? "item" : "items"}`;
  return html`<a href="/wishlist" aria-label=${label} data-testid="wishlist-badge">
    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21s-7.5-4.6-10-9.3C.4 8.3 2.4 4 6.4 4c2.2 0 3.9 1.3 5.6 3.3C13.7 5.3 15.4 4 17.6 4c4 0 6 4.3 4.4 7.7C19.5 16.4 12 21 12 21z"/></svg>
    <span class="count" data-testid="wishlist-count">${count ?? "…"}</span></a>`;
}
