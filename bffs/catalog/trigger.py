"""The catalog's trigger: every change of a product (price, stock, withdrawal) is announced
as ``product-updated``, which the cart, orders and wish list keep their copies from."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse

from bffs.catalog.models import PendingEvent, Product
from contracts.catalog import OrderAccepted, OrderRejected, ProductUpdated
from contracts.catalog import Product as ProductPayload
from eventhub.trigger import Trigger

trigger = Trigger(source="catalog", pending=PendingEvent)


# What ``product-updated`` tells of a product (``category`` is its id), in the order of
# ``product_event``'s arguments.
EVENT_FIELDS = (
    "id",
    "name",
    "category",
    "price_cents",
    "currency",
    "stock",
    "deleted",
    "timestamp",
)

EVENT_ATTRIBUTES = tuple("category_id" if name == "category" else name for name in EVENT_FIELDS)


def product_updated(product: Product, created: bool) -> ProductUpdated:
    return product_event(*(getattr(product, name) for name in EVENT_ATTRIBUTES))


def product_event(
    id: str,
    name: str,
    category: str,
    price_cents: int,
    currency: str,
    stock: int,
    deleted: bool,
    timestamp: int,
) -> ProductUpdated:
    """``product-updated`` for a product in this state (a row read without a model instance
    too: a price list reads thousands)."""
    return ProductUpdated.create(
        partition_key=id,
        timestamp=timestamp,
        source="catalog",
        product=ProductPayload(
            id=id,
            name=name,
            category=category,
            price_cents=price_cents,
            currency=currency,
            stock=stock,
            # Absolute where the BFFs are not on the shop's origin: copies hand it on as is.
            image_url=_image_url(settings.BAZAAR_BFF_PUBLIC_URL, get_script_prefix(), id),
            deleted=deleted,
        ),
    )


@functools.lru_cache(maxsize=10_000)
def _image_url(origin: str, script_prefix: str, product_id: str) -> str:
    """Remembered: ``reverse`` costs more than the rest of an event (a price list has
    thousands). ``reverse`` reads the script prefix itself; it is in the key for that."""
    return origin + reverse("catalog:product_image", kwargs={"product_id": product_id})


trigger.watch(Product, product_updated, emits=(ProductUpdated,))
# The catalog's decision on each order, emitted by services.order_stock_reserve.
trigger.declare(OrderAccepted, OrderRejected)
