"""The orders' trigger: a new order is announced as ``order-placed``; every change of an order,
whoever made it (the shopper placing it, fulfilment's progress, the catalog's rejection), is
published as its projection, ``order-updated`` (the live push and the orders page follow that,
and nothing else re-derives an order's state)."""

from __future__ import annotations

from bffs.orders.models import Order, PendingEvent
from contracts.orders import (
    OrderLine,
    OrderPlaced,
    OrderUpdated,
    PlacedOrder,
)
from eventhub.trigger import Trigger

trigger = Trigger(source="orders", pending=PendingEvent)


def order_placed(order: Order, created: bool) -> OrderPlaced | None:
    if not created:
        return None
    return OrderPlaced.create(
        partition_key=order.id,
        timestamp=order.placed_at,
        source="orders",
        order=PlacedOrder(
            id=order.id,
            owner=order.owner,
            lines=[
                OrderLine(
                    product_id=line["product_id"],
                    name=line["name"],
                    quantity=line["quantity"],
                    price_cents=line["price_cents"],
                )
                for line in order.lines
            ],
            total_cents=order.total_cents,
            currency=order.currency,
        ),
    )


def order_updated(order: Order, created: bool) -> OrderUpdated:
    return OrderUpdated.of(
        order_id=order.id,
        owner=order.owner,
        status=order.status,
        timeline=order.timeline,
        cancel_reason=order.cancel_reason or None,
        timestamp=order.timestamp,
    )


trigger.watch(Order, order_placed, emits=(OrderPlaced,))
trigger.watch(Order, order_updated, emits=(OrderUpdated,), latched=True)
