"""Copies of another service's entities that many BFFs keep (duplicated data is the point of
autonomous services; the code that keeps them is written once).

A BFF that needs the catalog's products declares ``class ProductView(ProductCopy): pass`` in
its models and, in its listener,
``listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))`` (a copy's
latest timestamp wins: a second delivery changes nothing, so no inbox row is needed).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from bazaar.models import DomainModel
from eventhub.events import ProductUpdated
from eventhub.listener import materialize


class ProductCopy(DomainModel):
    product_id = models.SlugField(primary_key=True, max_length=120)
    name = models.CharField(max_length=120)
    price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    image_url = models.CharField(max_length=500)
    stock = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


def keep_product_copy(model: type[ProductCopy]) -> Callable[[ProductUpdated], None]:
    """The listener handler that keeps ``model`` current from ``product-updated``."""

    def product_updated(event: ProductUpdated) -> None:
        product = event.product
        materialize(
            model,
            key={"product_id": product.id},
            event=event,
            values={
                "name": product.name,
                "price_cents": product.price_cents,
                "currency": product.currency,
                "image_url": product.image_url,
                "stock": product.stock,
                "deleted": product.deleted,
            },
        )

    product_updated.__name__ = f"keep_{model._meta.label_lower.replace('.', '_')}"
    return product_updated
