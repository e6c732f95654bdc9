"""The catalog's listener: an order takes its units out of stock, once per order (the inbox
makes a redelivered ``order-placed`` a no-op)."""

from __future__ import annotations

from bffs.catalog import services
from bffs.catalog.models import Inbox
from eventhub.events import OrderPlaced
from eventhub.listener import Listener

listener = Listener(group="catalog", inbox=Inbox)


@listener.on(OrderPlaced)
def order_placed(event: OrderPlaced) -> None:
    for line in event.order.lines:
        services.product_stock_take(
            product_id=line.product_id, quantity=line.quantity, actor=f"order:{event.order.id}"
        )
