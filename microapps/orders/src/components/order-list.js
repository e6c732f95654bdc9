// /orders: the shopper's orders, newest first.
import { html, useEffect, useState } from "htm/preact";
import { EmptyState, ErrorState, Loading, live, useResource } from "@bazaar/platform";
import { listOrders } from "../api.js";
import { describeError, formatDate, itemCount, quantityOf, shortId } from "../format.js";
import { applyStatus } from "../hooks/use-order.js";
import { orderUrl } from "../routes.js";
import { StatusPill } from "./status-pill.js";

const THUMBNAILS = 3;

function NoOrders() {
  return html`<${EmptyState} testId="orders-empty" icon="☆" title="No orders yet"
    message="When you place an order, you can follow it here from checkout to your door."
    action=${{ label: "Start shopping", href: "/catalog" }} />`;
}

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

// Status changes arrive live on "orders:me"; an order this list has not seen yet (placed in
// another tab) or a resync loads the list again.
function useLiveStatuses(orders) {
  const [latest, setLatest] = useState(new Map()); // order id → its live messages, in seq order
  const known = orders.status === "ready" ? new Set(orders.data.items.map((o) => o.id)) : null;
  useEffect(() => live.subscribe("orders:me", (message) => {
    setLatest((m) => new Map(m).set(message.orderId, [...(m.get(message.orderId) || []), message]));
  }, { onResync: orders.retry }), []);
  useEffect(() => {
    if (known && [...latest.keys()].some((id) => !known.has(id))) {
      setLatest(new Map());
      orders.retry();
    }
  }, [latest, known?.size]);
  return (order) => (latest.get(order.id) || []).reduce(applyStatus, order);
}

export function OrderList({ bff, lifetime }) {
  const orders = useResource((signal) => listOrders(bff, signal), [], lifetime);
  const current = useLiveStatuses(orders);
  if (orders.status === "loading") return html`<${Loading} label="Loading your orders…" />`;
  if (orders.status === "error") {
    return html`<${ErrorState} testId="orders-error" title="We couldn't load your orders" message=${describeError(orders.error)} onRetry=${orders.retry} />`;
  }
  if (orders.data.items.length === 0) return html`<${NoOrders} />`;
  return html`<ul class="order-list" aria-label="Your orders">
    ${orders.data.items.map((order) => html`<${OrderRow} key=${order.id} order=${current(order)} />`)}
  </ul>`;
}
