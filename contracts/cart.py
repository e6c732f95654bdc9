"""The cart BFF's events: a cart changed; a cart checked out into an order."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.payload import Payload
from eventhub.envelope import Envelope


class CartState(Payload):
    owner: str
    count: int = Field(ge=0)  # items in the cart after the change
    product_id: str
    quantity: int = Field(ge=0)  # of that product after the change (0: removed)


class CartUpdated(Envelope):
    """A shopper changed their cart (added, changed a quantity, removed)."""

    type: Literal["cart-updated"] = "cart-updated"
    cart: CartState


class CheckedOutCart(Payload):
    owner: str
    order_id: str
    lines: list[dict[str, Any]]


class CartCheckedOut(Envelope):
    type: Literal["cart-checked-out"] = "cart-checked-out"
    cart: CheckedOutCart
