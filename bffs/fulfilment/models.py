"""Fulfilment's private datastore: one shipment per placed order, moving through its life."""

from django.db import models

from bazaar.models import DomainModel
from contracts.orders import ORDER_STATUSES, PLACED
from eventhub.models import AbstractHandledEvent, AbstractPendingEvent

# Each status a shipment moves to from the one before (the order's way, from contracts).
NEXT = dict(zip(ORDER_STATUSES, ORDER_STATUSES[1:], strict=False))


class Shipment(DomainModel):
    order_id = models.CharField(primary_key=True, max_length=64)
    owner = models.CharField(max_length=255)
    status = models.CharField(max_length=20, default=PLACED)
    next_at = models.BigIntegerField(null=True, db_index=True)  # epoch ms of the next step

    class Meta:
        ordering = ["-timestamp"]

    def __str__(self) -> str:
        return f"{self.order_id} ({self.status})"


class PendingEvent(AbstractPendingEvent):
    pass


class HandledEvent(AbstractHandledEvent):
    pass
