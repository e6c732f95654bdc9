"""The reviews BFF's listener: its own copy of the catalog, from ``product-updated``."""

from __future__ import annotations

from bffs.reviews.models import HandledEvent, ProductView
from contracts.catalog import ProductUpdated, keep_product_copy
from eventhub.listener import Listener

listener = Listener(group="reviews", handled=HandledEvent)
listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))
