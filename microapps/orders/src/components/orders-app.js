// The orders app's root: picks the view for the route.
import { html, useEffect } from "htm/preact";
import { CheckoutPage } from "./checkout-page.js";
import { OrderDetail } from "./order-detail.js";
import { OrderList } from "./order-list.js";
import { OrderNotFound } from "./order-not-found.js";

export function OrdersApp({ route, bff, bus, user, navigate, lifetime, title }) {
  useEffect(() => { if (route.view === "list") document.title = `${title} · Bazaar`; }, [route.view]);
  if (route.view === "checkout") {
    return html`<${CheckoutPage} bff=${bff} bus=${bus} navigate=${navigate} user=${user} lifetime=${lifetime} />`;
  }
  if (route.view === "detail") {
    return html`<div class="orders">
      <a class="back" href="/orders">← All orders</a>
      <${OrderDetail} key=${route.id} bff=${bff} id=${route.id} lifetime=${lifetime} />
    </div>`;
  }
  if (route.view === "list") {
    return html`<div class="orders">
      <h1 class="orders__title">${title}</h1>
      <${OrderList} bff=${bff} lifetime=${lifetime} />
    </div>`;
  }
  return html`<div class="orders"><${OrderNotFound} /></div>`;
}
