"""The cart's trigger: every change a shopper makes is announced as ``cart-updated`` (other
tabs follow it live); ``cart-checked-out`` is emitted by the listener when an order empties
the cart. Lines emptied by an order are latched and not echoed as updates."""

from __future__ import annotations

from django.db.models import Sum

from bffs.cart.models import CartLine, PendingEvent
from contracts.cart import CartCheckedOut, CartState, CartUpdated
from eventhub.trigger import Trigger

trigger = Trigger(source="cart", pending=PendingEvent)


def cart_updated(line: CartLine, created: bool) -> CartUpdated:
    live = CartLine.objects.filter(owner=line.owner, deleted=False)
    count = live.aggregate(n=Sum("quantity"))["n"] or 0
    return CartUpdated.create(
        partition_key=line.owner,
        entity=f"{line.owner}/{line.product_id}",
        timestamp=line.timestamp,
        source="cart",
        cart=CartState(
            owner=line.owner,
            count=count,
            product_id=line.product_id,
            quantity=0 if line.deleted else line.quantity,
        ),
    )


trigger.watch(CartLine, cart_updated, emits=(CartUpdated,))
# A cart emptied into an order, emitted by the listener on order-placed.
trigger.declare(CartCheckedOut)
