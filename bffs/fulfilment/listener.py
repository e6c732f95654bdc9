"""Fulfilment's listener: every placed order gets a shipment."""

from __future__ import annotations

from bffs.fulfilment import services
from bffs.fulfilment.models import Inbox
from eventhub.events import OrderPlaced
from eventhub.listener import Listener

listener = Listener(group="fulfilment", inbox=Inbox)


@listener.on(OrderPlaced)
def order_placed(event: OrderPlaced) -> None:
    services.shipment_open(
        order_id=event.order.id, owner=event.order.owner, placed_at=event.timestamp
    )
