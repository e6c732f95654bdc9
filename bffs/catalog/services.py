"""Catalog commands: changes of stock and price. Each runs in the catalog's transaction, so
the trigger's ``product-updated`` is written with it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count

from bazaar import bulk
from bazaar.models import now_ms
from bffs.catalog.models import Product, ReviewRating
from bffs.catalog.trigger import EVENT_FIELDS, product_event, trigger
from contracts.catalog import OrderAccepted, OrderRejected, RejectedOrder
from contracts.orders import PlacedOrder


def _touch(product: Product, actor: str, *changed: str) -> None:
    # Strictly increasing, so a listener's "latest timestamp wins" sees every change.
    product.timestamp = max(now_ms(), product.timestamp + 1)
    product.last_modified_by = actor
    product.save(update_fields=[*changed, "timestamp", "last_modified_by"])


@transaction.atomic(using="catalog")
def product_rating_refresh(*, product_id: str) -> None:
    """Set a product's ``rating`` and ``review_count`` from the stars of its reviews. Not a
    change the catalog announces (``product-updated`` carries no rating), so no signal."""
    live = ReviewRating.objects.filter(product_id=product_id, deleted=False)
    summary = live.aggregate(count=Count("id"), average=Avg("stars"))
    average = Decimal(str(round(summary["average"] or 0, 1)))
    Product.objects.filter(id=product_id).update(rating=average, review_count=summary["count"])


def order_stock_reserve(*, order: PlacedOrder) -> OrderAccepted | OrderRejected:
    """Take every line's units of ``order`` out of stock, or none of them: the catalog is the
    authority for stock, which never goes below zero. Announces the decision (and, through
    the trigger, each product whose stock changed) in the caller's transaction."""
    wanted: dict[str, int] = {}
    names: dict[str, str] = {}
    for line in order.lines:
        wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity
        names[line.product_id] = line.name
    # Locked in key order, as a price list locks them: two such transactions never deadlock.
    products = {
        p.id: p for p in Product.objects.select_for_update().filter(id__in=wanted).order_by("id")
    }
    short = [
        _shortage(products.get(product_id), names[product_id], quantity)
        for product_id, quantity in sorted(wanted.items())
        if products.get(product_id) is None
        or products[product_id].deleted
        or products[product_id].stock < quantity
    ]
    now = now_ms()
    if short:
        decision = OrderRejected.create(
            partition_key=order.id,
            timestamp=now,
            source="catalog",
            order=RejectedOrder(id=order.id, owner=order.owner, reason="; ".join(short)),
        )
    else:
        for product_id, quantity in sorted(wanted.items()):
            product = products[product_id]
            product.stock -= quantity
            _touch(product, f"order:{order.id}", "stock")
        decision = OrderAccepted.create(
            partition_key=order.id, timestamp=now, source="catalog", order=order
        )
    trigger.emit(decision)
    return decision


def _shortage(product: Product | None, name: str, quantity: int) -> str:
    if product is None or product.deleted:
        return f"{name} is no longer sold"
    if product.stock == 0:
        return f"{product.name} is sold out"
    return f"only {product.stock} of {product.name} left (the order asked for {quantity})"


@transaction.atomic(using="catalog")
def product_update(
    *, product_id: str, actor: str, price_cents: int | None = None, stock: int | None = None
) -> Product | None:
    """Set a product's price and/or stock (the shop's back office)."""
    product = Product.objects.select_for_update().filter(id=product_id).first()
    if product is None:
        return None
    changed = []
    if price_cents is not None:
        product.price_cents = price_cents
        changed.append("price_cents")
    if stock is not None:
        product.stock = stock
        changed.append("stock")
    _touch(product, actor, *changed)
    return product


@transaction.atomic(using="catalog")
def product_prices_import(*, prices: dict[str, int], actor: str) -> list[str]:
    """Set many prices in one transaction (a supplier's price list); returns the ids of the
    products changed (unknown ids are skipped). The rows are read (locked) and written in a
    statement each, without model instances or signals: the command announces each change."""
    rows = bulk.select(Product, "id", list(prices), EVENT_FIELDS, using="catalog", for_update=True)
    now = now_ms()
    price, timestamp = EVENT_FIELDS.index("price_cents"), EVENT_FIELDS.index("timestamp")
    changed = []
    for row in rows:
        values = list(row)
        values[price] = prices[values[0]]
        values[timestamp] = max(now, values[timestamp] + 1)  # strictly increasing, as _touch
        changed.append(values)
    bulk.update(
        Product,
        "id",
        ("price_cents", "timestamp", "last_modified_by"),
        [(values[price], values[timestamp], actor, values[0]) for values in changed],
        using="catalog",
    )
    trigger.emit(*(product_event(*values) for values in changed))
    return [values[0] for values in changed]
