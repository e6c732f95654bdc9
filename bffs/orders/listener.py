"""The orders' listener: its copy of the catalog (``product-updated``), the catalog's decision
on each order (``order-accepted`` lets its holds go; ``order-rejected`` cancels it with the
reason) and each order's progress from fulfilment (``order-paid``, ``order-shipped``,
``order-delivered``).

Progress is order-tolerant: every step's time lands on the timeline whenever it arrives,
but the status only moves forward to a newer event's step.
"""

from __future__ import annotations

from bffs.orders import services
from bffs.orders.models import HandledEvent, Order, ProductView
from contracts.catalog import OrderAccepted, OrderRejected, ProductUpdated, keep_product_copy
from contracts.fulfilment import OrderDelivered, OrderPaid, OrderShipped
from contracts.orders import CANCELLED, later
from eventhub.listener import Listener

listener = Listener(group="orders", handled=HandledEvent)


listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))


@listener.on(OrderAccepted, OrderRejected)
def order_decided(event: OrderAccepted | OrderRejected) -> None:
    services.order_decided(
        order_id=event.order.id,
        at=event.timestamp,
        actor=event.tags.source,
        cancel_reason=event.order.reason if isinstance(event, OrderRejected) else None,
    )


@listener.on(OrderPaid, OrderShipped, OrderDelivered)
def order_progressed(event: OrderPaid | OrderShipped | OrderDelivered) -> None:
    progress = event.order
    order = Order.objects.select_for_update().filter(id=progress.id).first()
    if order is None or order.status == CANCELLED:
        return  # not an order of this shop's, or one that goes no further
    step = progress.status
    order.timeline = {
        **order.timeline,
        step: min(order.timeline.get(step, event.timestamp), event.timestamp),
    }
    if event.timestamp > order.timestamp and later(step, than=order.status):
        order.status = step
        order.timestamp = event.timestamp
        order.last_modified_by = event.tags.source
    order.latched = True
    order.save()
