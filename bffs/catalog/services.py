"""Catalog commands: changes of stock and price. Each runs in the catalog's transaction, so
the trigger's ``product-updated`` is written with it."""

from __future__ import annotations

from django.db import transaction

from bazaar.models import now_ms
from bffs.catalog.models import Product


def _touch(product: Product, actor: str, *changed: str) -> None:
    # Strictly increasing, so a listener's "latest timestamp wins" sees every change.
    product.timestamp = max(now_ms(), product.timestamp + 1)
    product.last_modified_by = actor
    product.save(update_fields=[*changed, "timestamp", "last_modified_by"])


@transaction.atomic(using="catalog")
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
