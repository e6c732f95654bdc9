"""The storefront's domain events: one schema per type, shared by emitters and listeners.

Payloads carry the entity under its own key (``product``, ``order``, ``cart``, ``fault``).
Money is integer cents; times are epoch milliseconds.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eventhub.envelope import Envelope

ORDER_STATUSES = ("placed", "paid", "shipped", "delivered")
CANCELLED = "cancelled"  # an order the catalog could not fill: terminal, never paid or shipped


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Product(Payload):
    id: str
    name: str
    category: str
    price_cents: int = Field(ge=0)
    currency: str = "USD"
    stock: int = Field(ge=0)
    image_url: str  # path on the catalog BFF (relative in the embedded mode)
    deleted: bool = False


class ProductUpdated(Envelope):
    """The catalog's product changed (name, price, stock, or it was withdrawn)."""

    type: Literal["product-updated"] = "product-updated"
    product: Product


class OrderLine(Payload):
    product_id: str
    name: str
    quantity: int = Field(ge=1)
    price_cents: int = Field(ge=0)


class PlacedOrder(Payload):
    id: str
    owner: str
    lines: list[OrderLine] = Field(min_length=1)
    total_cents: int = Field(ge=0)
    currency: str = "USD"


class OrderPlaced(Envelope):
    type: Literal["order-placed"] = "order-placed"
    order: PlacedOrder


class OrderAccepted(Envelope):
    """The catalog took every line's units out of stock: the order goes ahead (fulfilment
    opens its shipment from this event, never from ``order-placed``)."""

    type: Literal["order-accepted"] = "order-accepted"
    order: PlacedOrder


class RejectedOrder(Payload):
    id: str
    owner: str
    reason: str  # for the shopper: "Classic French Press is sold out"


class OrderRejected(Envelope):
    """The catalog could not fill the order (too few units of a line): nothing was taken out
    of stock; the orders BFF cancels the order with the reason."""

    type: Literal["order-rejected"] = "order-rejected"
    order: RejectedOrder


class OrderProgress(Payload):
    id: str
    owner: str
    status: Literal["paid", "shipped", "delivered"]


class OrderPaid(Envelope):
    type: Literal["order-paid"] = "order-paid"
    order: OrderProgress


class OrderShipped(Envelope):
    type: Literal["order-shipped"] = "order-shipped"
    order: OrderProgress


class OrderDelivered(Envelope):
    type: Literal["order-delivered"] = "order-delivered"
    order: OrderProgress


PROGRESS_EVENTS: dict[str, type[Envelope]] = {
    "paid": OrderPaid,
    "shipped": OrderShipped,
    "delivered": OrderDelivered,
}


class CartState(Payload):
    owner: str
    count: int = Field(ge=0)  # items in the cart after the change
    product_id: str
    quantity: int = Field(ge=0)  # of that product after the change (0: removed)


class CartUpdated(Envelope):
    """A shopper changed their cart (added, changed a quantity, removed)."""

    type: Literal["cart-updated"] = "cart-updated"
    cart: CartState


class CheckedOutCart(Payload):
    owner: str
    order_id: str
    lines: list[dict[str, Any]]


class CartCheckedOut(Envelope):
    type: Literal["cart-checked-out"] = "cart-checked-out"
    cart: CheckedOutCart


class Fault(Payload):
    group: str  # the consumer group whose listener gave up
    error: str
    attempts: int
    event: dict[str, Any]  # the envelope that could not be applied


class FaultEvent(Envelope):
    """A poison event: a listener failed on it ``attempts`` times; resubmit after a fix."""

    type: Literal["fault"] = "fault"
    fault: Fault


# The reviews BFF's events (bffs/reviews/events.py re-exports them; the catalog listens).
class ReviewState(Payload):
    owner: str
    author: str
    product_id: str
    stars: int = Field(ge=1, le=5)
    text: str = Field(max_length=2000)
    deleted: bool = False


class ReviewUpdated(Envelope):
    """A shopper wrote, changed or withdrew (``deleted``) their review of a product."""

    type: Literal["review-updated"] = "review-updated"
    review: ReviewState
