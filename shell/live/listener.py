"""The live-update listener: a consumer group of the hub that turns BFF state changes into
live messages on the matching topics. No BFF knows about live updates; they only emit their
domain events."""

from __future__ import annotations

from eventhub.events import (
    CANCELLED,
    CartCheckedOut,
    CartUpdated,
    OrderDelivered,
    OrderPaid,
    OrderPlaced,
    OrderRejected,
    OrderShipped,
    ProductUpdated,
)
from eventhub.listener import Listener
from shell.live import log
from shell.live.messages import CartChanged, OrderStatus, StockLevel
from shell.live.models import LiveInbox

batch = log.LiveBatch()
listener = Listener(group="live", inbox=LiveInbox, writer=batch)


@listener.on(OrderPlaced, OrderPaid, OrderShipped, OrderDelivered, OrderRejected)
def order_status(event) -> None:
    """Each step of an order on its owner's topic; a rejected order is cancelled, with why."""
    order = event.order
    if event.type == "order-placed":
        status, extra = "placed", {}
    elif event.type == "order-rejected":
        status, extra = CANCELLED, {"reason": order.reason}
    else:
        status, extra = order.status, {}
    batch.add(
        f"orders:{order.owner}",
        OrderStatus,
        at=event.timestamp,
        orderId=order.id,
        status=status,
        **extra,
    )


@listener.on(ProductUpdated)
def stock_level(event: ProductUpdated) -> None:
    product = event.product
    batch.add(
        "stock",
        StockLevel,
        at=event.timestamp,
        productId=product.id,
        stock=0 if product.deleted else product.stock,
        priceCents=product.price_cents,
    )


@listener.on(CartUpdated)
def cart_updated(event: CartUpdated) -> None:
    cart = event.cart
    batch.add(
        f"cart:{cart.owner}", CartChanged, at=event.timestamp, count=cart.count, reason="updated"
    )


@listener.on(CartCheckedOut)
def cart_checked_out(event: CartCheckedOut) -> None:
    cart = event.cart
    batch.add(
        f"cart:{cart.owner}",
        CartChanged,
        at=event.timestamp,
        reason="checked-out",
        orderId=cart.order_id,
    )
