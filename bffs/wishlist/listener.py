"""The wish list's listener: its own copy of the catalog, from ``product-updated``."""

from bffs.wishlist.models import HandledEvent, ProductView
from contracts.catalog import ProductUpdated, keep_product_copy
from eventhub.listener import Listener

listener = Listener(group="wishlist", handled=HandledEvent)
listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))
