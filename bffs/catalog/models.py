"""The catalog's private datastore: categories and products (a Search BFF's read model)."""

from django.db import models

from bazaar.models import DomainModel
from eventhub.models import AbstractHandledEvent, AbstractPendingEvent


class Category(models.Model):
    slug = models.SlugField(primary_key=True, max_length=60)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300)
    color = models.CharField(max_length=7)  # hex, used by the generated product images
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Product(DomainModel):
    id = models.SlugField(primary_key=True, max_length=120)  # deterministic, client-visible
    name = models.CharField(max_length=120)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    description = models.TextField()
    details = models.JSONField(default=list)
    price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    stock = models.PositiveIntegerField()
    rating = models.DecimalField(max_digits=2, decimal_places=1)
    review_count = models.PositiveIntegerField(default=0)
    featured_rank = models.PositiveIntegerField(default=0)  # lower is more prominent
    search_text = models.TextField(editable=False)  # lower-cased name + category + description

    class Meta:
        ordering = ["featured_rank", "id"]
        indexes = [
            models.Index(fields=["category", "featured_rank"]),
            models.Index(fields=["price_cents"]),
            models.Index(fields=["timestamp"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        searchable = {"name", "category", "description"}
        if update_fields is None or searchable & set(update_fields):
            self.search_text = " ".join(
                [self.name, self.category.name, self.category_id, self.description]
            ).lower()
            if update_fields is not None:
                update_fields = [*update_fields, "search_text"]
        super().save(*args, update_fields=update_fields, **kwargs)


class PendingEvent(AbstractPendingEvent):
    """Events the catalog emits (``product-updated``), written with the change."""


class ReviewRating(DomainModel):
    """The stars of one shopper's review of a product, as the reviews BFF last announced them
    (``review-updated``): what each product's ``rating`` and ``review_count`` are kept from."""

    owner = models.CharField(max_length=255)
    product_id = models.SlugField(max_length=120)
    stars = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "product_id"], name="catalog_rating_once")
        ]
        indexes = [models.Index(fields=["product_id", "deleted"])]

    def __str__(self) -> str:
        return f"{self.owner} on {self.product_id}: {self.stars}"


class HandledEvent(AbstractHandledEvent):
    """Events the catalog's listener has applied (``order-placed``, ``review-updated``)."""
