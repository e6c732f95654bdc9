"""Order queries, always for one owner (the JWT filter)."""

from __future__ import annotations

from bazaar.money import display
from bffs.orders.models import Order
from contracts.orders import STATUSES, steps_of


def orders_for(*, owner: str):
    return Order.objects.filter(owner=owner, deleted=False)


def order_get(*, owner: str, order_id: str) -> Order | None:
    return orders_for(owner=owner).filter(id=order_id).first()


def order_out(order: Order) -> dict:
    lines = [
        {
            **line,
            "price_display": display(line["price_cents"]),
            "line_total_cents": line["price_cents"] * line["quantity"],
            "line_total_display": display(line["price_cents"] * line["quantity"]),
        }
        for line in order.lines
    ]
    return {
        "id": order.id,
        "status": order.status,
        "placed_at": order.placed_at,
        "lines": lines,
        "total_cents": order.total_cents,
        "total_display": display(order.total_cents),
        "currency": order.currency,
        "shipping": order.shipping,
        "email": order.email,
        "steps": steps_of(order.status),
        "timeline": timeline_of(order),
        "cancel_reason": order.cancel_reason or None,
    }


def timeline_of(order: Order) -> list[dict]:
    """The steps the order reached, in the way's order, each with when."""
    return [
        {"status": status, "at": order.timeline[status]}
        for status in STATUSES
        if status in order.timeline
    ]
