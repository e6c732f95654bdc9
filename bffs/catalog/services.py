"""Catalog commands: changes of stock and price. Each runs in the catalog's transaction, so
the trigger's ``product-updated`` is written with it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count

from bazaar import bulk
from bazaar.models import now_ms
from bffs.catalog.models import Product, ReviewRating
from bffs.catalog.trigger import product_updated, trigger


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


def product_stock_take(*, product_id: str, quantity: int, actor: str) -> Product | None:
    """Take ``quantity`` units out of stock (never below zero); None for an unknown product."""
    product = Product.objects.select_for_update().filter(id=product_id).first()
    if product is None:
        return None
    product.stock = max(0, product.stock - quantity)
    _touch(product, actor, "stock")
    return product


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
def product_prices_import(*, prices: dict[str, int], actor: str) -> list[Product]:
    """Set many prices in one transaction (a supplier's price list); unknown ids are skipped.
    Written in one statement, which sends no signals: the command announces each change."""
    products = list(Product.objects.select_for_update().in_bulk(list(prices)).values())
    now = now_ms()
    for product in products:
        product.price_cents = prices[product.id]
        product.timestamp = max(now, product.timestamp + 1)
        product.last_modified_by = actor
    bulk.update(
        Product,
        "id",
        ("price_cents", "timestamp", "last_modified_by"),
        [(p.price_cents, p.timestamp, actor, p.id) for p in products],
        using="catalog",
    )
    trigger.emit(*(product_updated(product, False) for product in products))
    return products
