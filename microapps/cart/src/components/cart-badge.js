import { html, useEffect, useState } from "htm/preact";
import { itemCount } from "../format.js";

export function CartBadge({ counter }) {
  const [count, setCount] = useState(counter.count);
  useEffect(() => {
    setCount(counter.count);
    return counter.onChange(setCount);
  }, [counter]);

  const label = count === null ? "Cart" : `Cart, ${itemCount(count)}`;
  return html`
    <a class="badge" href="/cart" aria-label=${label} data-testid="cart-badge">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M3 4h2l2.2 10.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L20.5 8H6.2" />
        <circle cx="10" cy="19.5" r="1.5" /><circle cx="17" cy="19.5" r="1.5" />
      </svg>
      <span class=${count ? "count count--full" : "count"} key=${count} data-testid="cart-count">${count ?? "…"}</span>
    </a>`;
}
