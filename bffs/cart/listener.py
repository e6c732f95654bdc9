"""The cart's listener: its own copy of the catalog (``product-updated``, latest wins) and
emptying the ordered lines once an order is placed (``order-placed``)."""

from __future__ import annotations

from bazaar.models import now_ms
from bffs.cart.models import CartLine, HandledEvent, ProductView
from bffs.cart.trigger import trigger
from contracts.cart import CartCheckedOut, CheckedOutCart
from contracts.catalog import ProductUpdated, keep_product_copy
from contracts.orders import OrderPlaced
from eventhub.listener import Listener

listener = Listener(group="cart", handled=HandledEvent)


listener.on(ProductUpdated, idempotent=True)(keep_product_copy(ProductView))


@listener.on(OrderPlaced)
def order_placed(event: OrderPlaced) -> None:
    order = event.order
    ordered = {line.product_id: line.quantity for line in order.lines}
    lines = CartLine.objects.select_for_update().filter(
        owner=order.owner, product_id__in=ordered, deleted=False
    )
    for line in lines:
        line.quantity = max(0, line.quantity - ordered[line.product_id])
        line.deleted = line.quantity == 0
        if line.deleted:
            line.quantity = 1  # a deleted line keeps a valid quantity
        line.timestamp, line.last_modified_by, line.latched = now_ms(), "orders", True
        line.save()
    trigger.emit(
        CartCheckedOut.create(
            partition_key=order.owner,
            entity=order.id,
            timestamp=event.timestamp,
            source="cart",
            cart=CheckedOutCart(
                owner=order.owner,
                order_id=order.id,
                lines=[{"product_id": p, "quantity": q} for p, q in ordered.items()],
            ),
        )
    )
