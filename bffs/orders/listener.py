"""The orders' listener: its copy of the catalog (``product-updated``) and each order's
progress from fulfilment (``order-paid``, ``order-shipped``, ``order-delivered``).

Progress is order-tolerant: every step's time lands on the timeline whenever it arrives,
but the status only moves forward to a newer event's step.
"""

from __future__ import annotations

from bffs.orders.models import STATUSES, Inbox, Order, ProductView
from eventhub.copies import keep_product_copy
from eventhub.events import OrderDelivered, OrderPaid, OrderShipped, ProductUpdated
from eventhub.listener import Listener

listener = Listener(group="orders", inbox=Inbox)


listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))


@listener.on(OrderPaid, OrderShipped, OrderDelivered)
def order_progressed(event: OrderPaid | OrderShipped | OrderDelivered) -> None:
    progress = event.order
    order = Order.objects.select_for_update().filter(id=progress.id).first()
    if order is None:
        return  # not an order of this shop's
    step = progress.status
    order.timeline = {
        **order.timeline,
        step: min(order.timeline.get(step, event.timestamp), event.timestamp),
    }
    if event.timestamp > order.timestamp and STATUSES.index(step) > STATUSES.index(order.status):
        order.status = step
        order.timestamp = event.timestamp
        order.last_modified_by = event.tags.source
    order.latched = True
    order.save()
