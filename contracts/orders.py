"""The orders BFF's events, and an order's statuses (defined here once: the orders and
fulfilment BFFs, the live push and the orders app take them from here or from the orders
BFF's answers)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contracts.payload import Payload
from eventhub.envelope import Envelope

# An order's way, in order. ``cancelled`` is where an order the catalog could not fill ends:
# terminal, never paid or shipped.
PLACED, PAID, SHIPPED, DELIVERED, CANCELLED = "placed", "paid", "shipped", "delivered", "cancelled"
ORDER_STATUSES = (PLACED, PAID, SHIPPED, DELIVERED)
STATUSES = (*ORDER_STATUSES, CANCELLED)
Status = Literal["placed", "paid", "shipped", "delivered", "cancelled"]
Progress = Literal["paid", "shipped", "delivered"]  # what fulfilment reports


class OrderLine(Payload):
    product_id: str
    name: str
    quantity: int = Field(ge=1)
    price_cents: int = Field(ge=0)


class PlacedOrder(Payload):
    id: str
    owner: str
    lines: list[OrderLine] = Field(min_length=1)
    total_cents: int = Field(ge=0)
    currency: str = "USD"


class OrderPlaced(Envelope):
    type: Literal["order-placed"] = "order-placed"
    order: PlacedOrder


class TimelineStep(Payload):
    status: Status
    at: int  # epoch ms the order reached it


class OrderView(Payload):
    """The order as its owner sees its progress: the orders BFF's projection of its own order
    and fulfilment's and the catalog's events about it, so no one else re-derives it."""

    id: str
    owner: str
    status: Status
    steps: list[Status]  # the way this order shows: ``steps_of(status)``
    timeline: list[TimelineStep]  # the steps reached, in the way's order
    cancel_reason: str | None = None


class OrderUpdated(Envelope):
    """The orders BFF's projection of an order changed (placed, moved on, cancelled)."""

    type: Literal["order-updated"] = "order-updated"
    order: OrderView

    @classmethod
    def of(
        cls,
        *,
        order_id: str,
        owner: str,
        status: str,
        timeline: dict[str, int],
        cancel_reason: str | None,
        timestamp: int,
    ) -> OrderUpdated:
        """The projection of an order at ``status`` having reached the steps of ``timeline``
        (status -> epoch ms). One id per state: a late step that only fills in the timeline is
        an update of its own, not a duplicate of the last one."""
        return cls.create(
            partition_key=order_id,
            timestamp=timestamp,
            source="orders",
            entity=f"{order_id}|{status}|{','.join(sorted(timeline))}",
            order=OrderView(
                id=order_id,
                owner=owner,
                status=status,
                steps=steps_of(status),
                timeline=[
                    TimelineStep(status=step, at=timeline[step])
                    for step in STATUSES
                    if step in timeline
                ],
                cancel_reason=cancel_reason,
            ),
        )


def steps_of(status: str) -> list[str]:
    """The way an order shows: every status in order, or placed then cancelled."""
    return [PLACED, CANCELLED] if status == CANCELLED else list(ORDER_STATUSES)


def later(step: str, than: str) -> bool:
    """Whether ``step`` is further along an order's way than ``than`` (cancelled is last)."""
    return STATUSES.index(step) > STATUSES.index(than)
