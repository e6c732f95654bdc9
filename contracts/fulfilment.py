"""The fulfilment BFF's events: an order paid, shipped, delivered."""

from __future__ import annotations

from typing import Literal

from contracts.orders import DELIVERED, PAID, SHIPPED, Progress
from contracts.payload import Payload
from eventhub.envelope import Envelope


class OrderProgress(Payload):
    id: str
    owner: str
    status: Progress


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
    PAID: OrderPaid,
    SHIPPED: OrderShipped,
    DELIVERED: OrderDelivered,
}
