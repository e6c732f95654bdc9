"""A shopper's wish list: the first user-owned data, always scoped to the token's ``sub``.

Product names, prices and images come from the wish list's own copy of the catalog
(``ProductView``, fed by ``product-updated`` events), never from the browser.
"""

from django.db import models

from bazaar.models import DomainModel
from contracts.catalog import ProductCopy
from eventhub.models import AbstractHandledEvent


class ProductView(ProductCopy):
    """The catalog's products as the wish list last heard of them."""


class WishlistItem(DomainModel):
    owner = models.CharField(max_length=255)  # the OpenID subject; every query filters on it
    product_id = models.SlugField(max_length=120)
    added_at = models.BigIntegerField()  # epoch ms

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "product_id"], name="wishlist_item_once_per_owner"
            )
        ]
        ordering = ["-added_at", "product_id"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.product_id}"


class HandledEvent(AbstractHandledEvent):
    pass
