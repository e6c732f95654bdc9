"""The catalog BFF's events: a product changed; an order's stock taken (accepted) or not
(rejected). And the copy of a product other BFFs keep from ``product-updated`` (duplicated data
is the point of autonomous services; the code that keeps it is written once): a BFF declares
``class ProductView(ProductCopy): pass`` and, in its listener,
``listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))`` (a copy's latest
timestamp wins: a second delivery changes nothing, so no handled-event row is needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.db import models
from pydantic import Field

from bazaar.models import DomainModel
from contracts.orders import PlacedOrder
from contracts.payload import Payload
from eventhub.envelope import Envelope
from eventhub.listener import materialize

# A product id as the catalog makes them ("kitchen-kettle-01"): what other BFFs accept as one.
PRODUCT_ID = r"^[a-z0-9][a-z0-9-]*$"


class Product(Payload):
    id: str
    name: str
    category: str
    price_cents: int = Field(ge=0)
    currency: str = "USD"
    stock: int = Field(ge=0)
    image_url: str  # path on the catalog BFF (relative in the embedded mode)
    deleted: bool = False


class ProductUpdated(Envelope):
    """The catalog's product changed (name, price, stock, or it was withdrawn)."""

    type: Literal["product-updated"] = "product-updated"
    product: Product


class OrderAccepted(Envelope):
    """The catalog took every line's units out of stock: the order goes ahead (fulfilment
    opens its shipment from this event, never from ``order-placed``)."""

    type: Literal["order-accepted"] = "order-accepted"
    order: PlacedOrder


class RejectedOrder(Payload):
    id: str
    owner: str
    reason: str  # for the shopper: "Classic French Press is sold out"


class OrderRejected(Envelope):
    """The catalog could not fill the order (too few units of a line): nothing was taken out
    of stock; the orders BFF cancels the order with the reason."""

    type: Literal["order-rejected"] = "order-rejected"
    order: RejectedOrder


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
