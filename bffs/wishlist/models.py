"""A shopper's wish list: the first user-owned data, always scoped to the token's ``sub``."""

from django.db import models


class WishlistItem(models.Model):
    owner = models.CharField(max_length=255)  # the OpenID subject; every query filters on it
    product_id = models.SlugField(max_length=120)
    name = models.CharField(max_length=120)
    price_display = models.CharField(max_length=30, blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    added_at = models.BigIntegerField()  # epoch ms
    timestamp = models.BigIntegerField()  # epoch ms of the last change
    last_modified_by = models.CharField(max_length=255)
    deleted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "product_id"], name="wishlist_item_once_per_owner"
            )
        ]
        ordering = ["-added_at", "product_id"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.product_id}"
