"""Fulfilment's listener: every order the catalog accepted (its units taken out of stock) gets a
shipment; an order it rejected never does."""

from __future__ import annotations

from bffs.fulfilment import services
from bffs.fulfilment.models import HandledEvent
from contracts.catalog import OrderAccepted
from eventhub.listener import Listener

listener = Listener(group="fulfilment", handled=HandledEvent)


@listener.on(OrderAccepted)
def order_accepted(event: OrderAccepted) -> None:
    services.shipment_open(
        order_id=event.order.id, owner=event.order.owner, placed_at=event.timestamp
    )
