"""The orders' trigger: a new order is announced as ``order-placed``. Status changes come
from fulfilment's events (latched rows), so they are not echoed."""

from __future__ import annotations

from bffs.orders.models import Order, Outbox
from eventhub.events import OrderLine, OrderPlaced, PlacedOrder
from eventhub.trigger import Trigger

trigger = Trigger(source="orders", outbox=Outbox)


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


trigger.watch(Order, order_placed, emits=(OrderPlaced,))
