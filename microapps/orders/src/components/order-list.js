// /orders: the shopper's orders, newest first.
import { html } from "htm/preact";
import { listOrders } from "../api.js";
import { describeError, formatDate, itemCount, quantityOf, shortId } from "../format.js";
import { useResource } from "../hooks/use-resource.js";
import { orderUrl } from "../routes.js";
import { ErrorState, Loading, NoOrders } from "./states.js";
import { StatusPill } from "./status-pill.js";

const THUMBNAILS = 3;

function OrderRow({ order }) {
  const more = order.lines.length - THUMBNAILS;
  return html`
    <li>
      <a class="order-row" href=${orderUrl(order.id)} data-testid="order-row" data-order-id=${order.id}>
        <span class="order-row__thumbs" aria-hidden="true">
          ${order.lines.slice(0, THUMBNAILS).map((line) => html`<img key=${line.product_id} src=${line.image_url} alt="" width="48" height="48" loading="lazy" />`)}
          ${more > 0 && html`<span class="order-row__more">+${more}</span>`}
        </span>
        <span class="order-row__main">
          <span class="order-row__id">Order ${shortId(order.id)}</span>
          <span class="order-row__meta">Placed ${formatDate(order.placed_at)} · ${itemCount(quantityOf(order))}</span>
        </span>
        <${StatusPill} status=${order.status} />
        <span class="order-row__total money" data-testid="order-row-total">${order.total_display}</span>
        <span class="order-row__chevron" aria-hidden="true">›</span>
      </a>
    </li>`;
}

export function OrderList({ bff, lifetime }) {
  const orders = useResource((signal) => listOrders(bff, signal), "list", lifetime);
  if (orders.status === "loading") return html`<${Loading} label="Loading your orders…" />`;
  if (orders.status === "error") {
    return html`<${ErrorState} title="We couldn't load your orders" message=${describeError(orders.error)} onRetry=${orders.retry} />`;
  }
  if (orders.data.items.length === 0) return html`<${NoOrders} />`;
  return html`<ul class="order-list" aria-label="Your orders">
    ${orders.data.items.map((order) => html`<${OrderRow} key=${order.id} order=${order} />`)}
  </ul>`;
}
