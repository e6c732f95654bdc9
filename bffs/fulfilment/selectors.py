"""Shipment queries (the back office's)."""

from __future__ import annotations

from bffs.fulfilment.models import Shipment

RECENT = 200


def shipments_recent(limit: int = RECENT) -> list[Shipment]:
    return list(Shipment.objects.all()[:limit])
