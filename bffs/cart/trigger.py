"""The cart's trigger: it announces ``cart-checked-out`` when an order empties the cart."""

from bffs.cart.models import Outbox
from eventhub.trigger import Trigger

trigger = Trigger(source="cart", outbox=Outbox)
