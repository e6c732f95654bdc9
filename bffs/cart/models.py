"""The cart's private datastore: shoppers' cart lines and the cart's own copy of the catalog.

The copy (``ProductView``) is fed by ``product-updated`` events: the cart never asks the
catalog, and never believes a name or price sent by the browser.
"""

from django.db import models

from bazaar.models import DomainModel, IdempotencyRecord, now_ms
from contracts.catalog import ProductCopy
from eventhub.models import AbstractHandledEvent, AbstractPendingEvent


class ProductView(ProductCopy):
    """The catalog's products as this BFF last heard of them."""


class CartLine(DomainModel):
    owner = models.CharField(max_length=255)  # the OpenID subject; every query filters on it
    product_id = models.SlugField(max_length=120)
    quantity = models.PositiveSmallIntegerField()
    added_at = models.BigIntegerField(default=now_ms)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "product_id"], name="cart_line_once_per_owner")
        ]
        ordering = ["added_at", "product_id"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.quantity} x {self.product_id}"


class PendingEvent(AbstractPendingEvent):
    pass


class HandledEvent(AbstractHandledEvent):
    pass


class Idempotency(IdempotencyRecord):
    pass
