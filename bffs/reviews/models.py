"""The reviews BFF's private datastore (task: owns a shopper's commands on their own entries, one per product).

Product names, prices and images come from its own copy of the catalog (``ProductView``, fed
by ``product-updated`` events), never from the browser.
"""

from django.db import models

from bazaar.models import DomainModel
from contracts.catalog import ProductCopy
from eventhub.models import AbstractHandledEvent, AbstractPendingEvent


class ProductView(ProductCopy):
    """The catalog's products as this BFF last heard of them."""


class Review(DomainModel):
    """A shopper's review of one product: one per shopper and product, theirs to edit."""

    STARS = (1, 5)

    owner = models.CharField(max_length=255)  # the OpenID subject; every write filters on it
    author = models.CharField(max_length=120)  # the name shown with it
    product_id = models.SlugField(max_length=120)
    stars = models.PositiveSmallIntegerField()  # 1 to 5
    text = models.TextField(max_length=2000, blank=True)  # a rating alone is a review too
    created_at = models.BigIntegerField()  # epoch ms

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "product_id"], name="reviews_one_per_owner_and_product"
            )
        ]
        indexes = [models.Index(fields=["product_id", "-created_at"])]
        ordering = ["-created_at", "owner"]

    def __str__(self) -> str:
        return f"{self.owner} on {self.product_id}"


class HandledEvent(AbstractHandledEvent):
    """Events already applied by the listener: a redelivered one is a no-op."""


class PendingEvent(AbstractPendingEvent):
    """Events the trigger emits, written in the same transaction as the change."""
