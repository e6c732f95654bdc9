"""Timed work the hub worker runs: advance every shipment whose next step is due."""

from __future__ import annotations

from bffs.fulfilment import services
from bffs.fulfilment.models import NEXT, Shipment

BATCH = 100


def tick(now: int) -> int:
    due = list(
        Shipment.objects.filter(status__in=list(NEXT), next_at__lte=now).values_list(
            "order_id", flat=True
        )[:BATCH]
    )
    return sum(
        services.shipment_advance(order_id=order_id, now=now) is not None for order_id in due
    )
