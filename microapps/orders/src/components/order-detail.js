// /orders/<id>: one order, its progress, what is in it and where it goes.
import { html, useEffect } from "htm/preact";
import { ErrorState, Loading } from "@bazaar/platform";
import { countryName, describeError, formatDateTime, itemCount, quantityOf, shortId, statusMessage } from "../format.js";
import { useOrder } from "../hooks/use-order.js";
import { OrderNotFound } from "./order-not-found.js";
import { StatusPill } from "./status-pill.js";
import { Timeline } from "./timeline.js";

function Lines({ order }) {
  return html`
    <ul class="lines" aria-label="Items in this order">
      ${order.lines.map((line) => html`
        <li key=${line.product_id} class="line" data-testid="order-line" data-product-id=${line.product_id}>
          <img src=${line.image_url} alt="" width="64" height="64" loading="lazy" />
          <span class="line__info">
            <a class="line__name" href=${`/catalog/p/${encodeURIComponent(line.product_id)}`} data-testid="order-line-name">${line.name}</a>
            <span class="line__unit"><span data-testid="order-line-quantity">${line.quantity}</span> × ${line.price_display}</span>
          </span>
          <span class="money line__total" data-testid="order-line-total">${line.line_total_display}</span>
        </li>`)}
    </ul>
    <dl class="totals">
      <div><dt>Subtotal</dt><dd class="money">${order.total_display}</dd></div>
      <div><dt>Shipping</dt><dd class="money free">Free</dd></div>
      <div class="totals__total"><dt>Total</dt><dd class="money" data-testid="order-total">${order.total_display}</dd></div>
    </dl>`;
}

function Shipping({ order }) {
  const s = order.shipping || {};
  return html`
    <section class="card" aria-labelledby="ship-title">
      <h2 id="ship-title">Shipping to</h2>
      <address data-testid="order-shipping">
        <strong>${s.name}</strong><br />${s.address}<br />${s.city}, ${s.postal_code}<br />${countryName(s.country)}
      </address>
      ${order.email && html`<p class="muted">Updates go to <span data-testid="order-email">${order.email}</span></p>`}
    </section>`;
}

// An order placed offline (or while the shop failed): saved on this device, not yet placed.
function PendingOrder({ command }) {
  const lines = command.body?.lines || [];
  return html`
    <article class="order" data-testid="order-pending" data-order-id=${command.body?.id}>
      <header class="order__head">
        <div>
          <h1 data-testid="order-title">Order ${shortId(command.body?.id || "")}</h1>
          <p class="muted">Made ${formatDateTime(new Date(command.createdAt).toISOString())}${lines.length ? ` · ${itemCount(lines.reduce((n, l) => n + (l.quantity || 0), 0))}` : ""}</p>
        </div>
        <span class="pill pill--pending" data-testid="order-status">${command.refused ? "Not placed" : "Waiting to be sent"}</span>
      </header>
      <section class="card">
        ${command.refused
          ? html`<h2 data-testid="order-message">The shop refused this order: ${command.error?.message}</h2>
              <p><a href="/outbox">See it in your outbox</a> to retry or discard it.</p>`
          : html`<h2 data-testid="order-message">Your order is saved on this device and will be placed as soon as you're back online.</h2>
              <p class="muted">You don't need to do anything: keep this page open or come back later. <a href="/outbox">See what is waiting</a>.</p>`}
      </section>
      ${command.details?.lines?.length
        ? html`<section class="card" aria-labelledby="pending-items-title">
            <h2 id="pending-items-title">What you ordered</h2>
            <${Lines} order=${{ lines: command.details.lines, total_display: command.details.total_display }} />
          </section>`
        : null}
      ${command.body?.shipping ? html`<${Shipping} order=${command.body} />` : null}
    </article>`;
}

export function OrderDetail({ bff, id, lifetime }) {
  const order = useOrder(bff, id, lifetime);
  const title = order.status === "ready" ? `Order ${shortId(order.order.id)}` : null;
  useEffect(() => { if (title) document.title = `${title} · Bazaar`; }, [title]);

  if (order.status === "loading") return html`<${Loading} label="Loading your order…" />`;
  if (order.status === "not-found") return html`<${OrderNotFound} />`;
  if (order.status === "pending") return html`<${PendingOrder} command=${order.command} />`;
  if (order.status === "error") {
    return html`<${ErrorState} testId="orders-error" title="We couldn't load this order" message=${describeError(order.error)} onRetry=${order.retry} />`;
  }
  const o = order.order;
  return html`
    <article class="order" data-testid="order-detail" data-order-id=${o.id}>
      <header class="order__head">
        <div>
          <h1 data-testid="order-title">${title}</h1>
          <p class="muted">Placed ${formatDateTime(o.placed_at)} · ${itemCount(quantityOf(o))}</p>
        </div>
        <${StatusPill} status=${o.status} testId="order-status" />
      </header>
      <section class="card" aria-labelledby="progress-title">
        <h2 id="progress-title" class="progress__title" data-testid="order-message" aria-live="polite">${statusMessage(o.status)}</h2>
        ${o.cancel_reason && html`<p class="cancel-reason" data-testid="order-cancel-reason">Why: ${o.cancel_reason}.</p>`}
        <${Timeline} order=${o} />
      </section>
      <div class="order__grid">
        <section class="card" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <${Lines} order=${o} />
        </section>
        <${Shipping} order=${o} />
      </div>
    </article>`;
}
