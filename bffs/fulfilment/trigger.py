"""Fulfilment's trigger: each step of a shipment is announced as ``order-paid``,
``order-shipped`` or ``order-delivered``."""

from __future__ import annotations

from bffs.fulfilment.models import PendingEvent, Shipment
from contracts.fulfilment import PROGRESS_EVENTS, OrderProgress
from eventhub.trigger import Trigger

trigger = Trigger(source="fulfilment", pending=PendingEvent)


def order_progressed(shipment: Shipment, created: bool):
    event_type = PROGRESS_EVENTS.get(shipment.status)
    if event_type is None:
        return None
    return event_type.create(
        partition_key=shipment.order_id,
        timestamp=shipment.timestamp,
        source="fulfilment",
        order=OrderProgress(id=shipment.order_id, owner=shipment.owner, status=shipment.status),
    )


trigger.watch(Shipment, order_progressed, emits=tuple(PROGRESS_EVENTS.values()))
