// An order that is not there (or not this shopper's), with the way back to their orders.
import { html } from "htm/preact";
import { EmptyState } from "@bazaar/platform";

export function OrderNotFound() {
  return html`<${EmptyState} testId="order-not-found" title="We couldn't find that order"
    message="It may belong to another account, or the link may be mistyped."
    action=${{ label: "See your orders", href: "/orders" }} />`;
}
