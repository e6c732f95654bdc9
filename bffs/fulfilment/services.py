"""Fulfilment's steps: a placed order is paid, shipped and delivered after the configured
delays (seconds in the demo)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from bazaar.models import now_ms
from bffs.fulfilment.models import NEXT, Shipment

ACTOR = "fulfilment"


def _delay_ms(status: str) -> int:
    step = list(NEXT).index(status)
    return int(settings.BAZAAR_FULFILMENT_DELAYS[step] * 1000)


@transaction.atomic(using="fulfilment")
def shipment_open(*, order_id: str, owner: str, placed_at: int) -> Shipment:
    now = now_ms()
    shipment, _ = Shipment.objects.get_or_create(
        order_id=order_id,
        defaults={
            "owner": owner,
            "status": "placed",
            "next_at": max(now, placed_at) + _delay_ms("placed"),
            "timestamp": now,
            "last_modified_by": ACTOR,
        },
    )
    return shipment


@transaction.atomic(using="fulfilment")
def shipment_advance(*, order_id: str, now: int) -> Shipment | None:
    """Take the next step of a due shipment (its trigger announces it)."""
    shipment = Shipment.objects.select_for_update().filter(order_id=order_id).first()
    if shipment is None or shipment.status not in NEXT or (shipment.next_at or 0) > now:
        return None
    shipment.status = NEXT[shipment.status]
    shipment.next_at = now + _delay_ms(shipment.status) if shipment.status in NEXT else None
    shipment.timestamp = max(now, shipment.timestamp + 1)
    shipment.last_modified_by = ACTOR
    shipment.save()
    return shipment
