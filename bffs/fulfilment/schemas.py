"""What the fulfilment API answers."""

from __future__ import annotations

from ninja import Schema

from contracts.orders import Status


class ShipmentOut(Schema):
    order_id: str
    owner: str
    status: Status
    next_at: int | None
    timestamp: int
