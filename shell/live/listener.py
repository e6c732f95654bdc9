"""The live-update listener: a consumer group of the hub that turns BFF state changes into
live messages on the matching topics. No BFF knows about live updates; they only emit their
domain events."""

from __future__ import annotations

from contracts.cart import CartCheckedOut, CartUpdated
from contracts.catalog import ProductUpdated
from contracts.orders import OrderUpdated
from eventhub.listener import Listener
from shell.live import log
from shell.live.messages import CartChanged, OrderStatus, StockLevel
from shell.live.models import HandledLiveEvent

batch = log.LiveBatch()
listener = Listener(group="live", handled=HandledLiveEvent, writer=batch)


@listener.on(OrderUpdated)
def order_status(event: OrderUpdated) -> None:
    """Each change of an order, as the orders BFF projects it, on its owner's topic."""
    order = event.order
    batch.add(
        f"orders:{order.owner}",
        OrderStatus,
        at=event.timestamp,
        orderId=order.id,
        status=order.status,
        steps=order.steps,
        timeline=[step.model_dump() for step in order.timeline],
        reason=order.cancel_reason,
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
