"""Events of the shop's contracts as tests need them: valid, with the ids a real emitter would
give them."""

from __future__ import annotations

from bazaar.models import now_ms
from contracts.catalog import OrderAccepted, OrderRejected, Product, ProductUpdated, RejectedOrder
from contracts.orders import (
    OrderLine,
    OrderPlaced,
    OrderUpdated,
    PlacedOrder,
)


def product_updated(
    product_id: str = "kitchen-kettle-01",
    *,
    name: str = "Copper Kettle",
    price_cents: int = 3999,
    stock: int = 10,
    timestamp: int | None = None,
    deleted: bool = False,
) -> ProductUpdated:
    return ProductUpdated.create(
        partition_key=product_id,
        timestamp=timestamp or now_ms(),
        source="catalog",
        product=Product(
            id=product_id,
            name=name,
            category=product_id.split("-")[0],
            price_cents=price_cents,
            stock=stock,
            image_url=f"/bff/catalog/api/products/{product_id}/image.svg",
            deleted=deleted,
        ),
    )


def order_placed(
    order_id: str = "order-0001",
    *,
    owner: str = "alice",
    lines: list[tuple[str, int, int]] = (("kitchen-kettle-01", 2, 3999),),
    timestamp: int | None = None,
) -> OrderPlaced:
    return OrderPlaced.create(
        partition_key=order_id,
        timestamp=timestamp or now_ms(),
        source="orders",
        order=_placed_order(order_id, owner, lines),
    )


def order_accepted(
    order_id: str = "order-0001",
    *,
    owner: str = "alice",
    lines: list[tuple[str, int, int]] = (("kitchen-kettle-01", 2, 3999),),
    timestamp: int | None = None,
) -> OrderAccepted:
    """The catalog's ``order-accepted``: the order's units were taken out of stock."""
    return OrderAccepted.create(
        partition_key=order_id,
        timestamp=timestamp or now_ms(),
        source="catalog",
        order=_placed_order(order_id, owner, lines),
    )


def order_rejected(
    order_id: str = "order-0001",
    *,
    owner: str = "alice",
    reason: str = "Copper Kettle is sold out",
    timestamp: int | None = None,
) -> OrderRejected:
    return OrderRejected.create(
        partition_key=order_id,
        timestamp=timestamp or now_ms(),
        source="catalog",
        order=RejectedOrder(id=order_id, owner=owner, reason=reason),
    )


def _placed_order(order_id: str, owner: str, lines) -> PlacedOrder:
    order_lines = [OrderLine(product_id=p, name=p, quantity=q, price_cents=c) for p, q, c in lines]
    return PlacedOrder(
        id=order_id,
        owner=owner,
        lines=order_lines,
        total_cents=sum(line.quantity * line.price_cents for line in order_lines),
    )


def order_updated(
    order_id: str,
    *,
    owner: str = "alice-sub",
    status: str = "placed",
    timeline: dict[str, int] | None = None,
    cancel_reason: str | None = None,
    timestamp: int | None = None,
) -> OrderUpdated:
    """The orders BFF's projection of an order at ``status`` (reached at the times of
    ``timeline``, status -> epoch ms)."""
    timeline = timeline or {status: timestamp or now_ms()}
    return OrderUpdated.of(
        order_id=order_id,
        owner=owner,
        status=status,
        timeline=timeline,
        cancel_reason=cancel_reason,
        timestamp=timestamp or max(timeline.values()),
    )
