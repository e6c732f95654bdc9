"""Placing an order: priced and checked against the orders' own copy of the catalog, written
with its ``order-placed`` event in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum

from bazaar.errors import Conflict, Invalid
from bazaar.models import now_ms
from bffs.orders.models import Hold, Order, ProductView
from contracts.orders import CANCELLED, PLACED


class OutOfStock(Conflict):
    """Too few units of a product left for the order."""

    code = "out_of_stock"


def _merged(lines: list[dict]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for line in lines:
        merged[line["product_id"]] = merged.get(line["product_id"], 0) + line["quantity"]
    return merged


@transaction.atomic(using="orders")
def order_place(*, owner: str, id: str, lines: list[dict], shipping: dict, email: str) -> Order:
    """Place an order for ``owner``; the same order id again with the same details is the
    same order (a replay), with other details or by someone else a conflict naming them."""
    wanted = _merged(lines)
    existing = Order.objects.filter(id=id).first()
    if existing is not None:
        if existing.owner != owner:
            raise Conflict(f"order id {id!r} is already taken: generate a new one")
        differ = [
            name
            for name, same in (
                ("lines", _merged(existing.lines) == wanted),
                ("shipping", existing.shipping == shipping),
                ("email", existing.email == email),
            )
            if not same
        ]
        if differ:
            raise Conflict(
                f"order {id!r} was already placed with other {' and '.join(differ)}: "
                "an order cannot be changed by placing it again (use a new order id)"
            )
        return existing
    products = ProductView.objects.select_for_update().in_bulk(list(wanted))
    held = held_units(list(wanted))
    priced = []
    for index, (product_id, quantity) in enumerate(wanted.items()):
        product = products.get(product_id)
        if product is None or product.deleted:
            raise Invalid(f"lines.{index}.product_id: {product_id!r} is not in the catalog")
        available = max(0, product.stock - held.get(product_id, 0))
        if available < quantity:
            left = f"only {available} left" if available else "sold out"
            raise OutOfStock(f"{product.name} is {left}: you asked for {quantity}")
        priced.append((product, quantity))
    # Held until the catalog decides (the listener lets go on order-accepted/-rejected).
    Hold.objects.bulk_create(
        [Hold(order_id=id, product_id=p.product_id, quantity=q) for p, q in priced]
    )
    now = now_ms()
    return Order.objects.create(
        id=id,
        owner=owner,
        status=PLACED,
        lines=[
            {
                "product_id": product.product_id,
                "name": product.name,
                "image_url": product.image_url,
                "quantity": quantity,
                "price_cents": product.price_cents,
            }
            for product, quantity in priced
        ],
        total_cents=sum(product.price_cents * quantity for product, quantity in priced),
        shipping=shipping,
        email=email,
        placed_at=now,
        timeline={PLACED: now},
        timestamp=now,
        last_modified_by=owner,
    )


def held_units(product_ids: list[str]) -> dict[str, int]:
    """Units of each product held for orders the catalog has not decided yet."""
    rows = (
        Hold.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: row["units"] for row in rows}


@transaction.atomic(using="orders")
def order_decided(*, order_id: str, at: int, actor: str, cancel_reason: str | None = None) -> None:
    """The catalog accepted (``cancel_reason`` None) or rejected the order: its holds go; a
    rejected order is cancelled with the reason (terminal: it never moves on)."""
    Hold.objects.filter(order_id=order_id).delete()
    if cancel_reason is None:
        return
    order = Order.objects.select_for_update().filter(id=order_id).first()
    if order is None or order.status == CANCELLED:
        return
    order.status = CANCELLED
    order.cancel_reason = cancel_reason
    order.timeline = {**order.timeline, CANCELLED: at}
    order.timestamp = max(at, order.timestamp + 1)
    order.last_modified_by = actor
    order.latched = True
    order.save()
