"""Cart commands. Each runs in the cart's transaction and answers with nothing but its effect;
the API layer wraps them for idempotent replays."""

from __future__ import annotations

from django.db import transaction

from bazaar.errors import Invalid, NotFound
from bazaar.models import now_ms
from bffs.cart.models import CartLine, ProductView
from bffs.cart.schemas import MAX_QUANTITY


def _for_sale(product_id: str) -> ProductView:
    product = ProductView.objects.filter(product_id=product_id, deleted=False).first()
    if product is None:
        raise Invalid(f"product_id: {product_id!r} is not in the catalog")
    return product


@transaction.atomic(using="cart")
def cart_line_add(*, owner: str, product_id: str, quantity: int) -> CartLine:
    """Add ``quantity`` units of a product (to what the cart already holds, up to the cap)."""
    _for_sale(product_id)
    now = now_ms()
    line, created = CartLine.objects.select_for_update().get_or_create(
        owner=owner,
        product_id=product_id,
        defaults={"quantity": quantity, "timestamp": now, "last_modified_by": owner},
    )
    if not created:
        held = 0 if line.deleted else line.quantity
        if line.deleted:
            line.added_at = now
        line.quantity = min(MAX_QUANTITY, held + quantity)
        line.deleted, line.latched = False, False
        line.timestamp, line.last_modified_by = max(now, line.timestamp + 1), owner
        line.save()
    return line


@transaction.atomic(using="cart")
def cart_line_set(*, owner: str, product_id: str, quantity: int) -> CartLine:
    line = (
        CartLine.objects.select_for_update()
        .filter(owner=owner, product_id=product_id, deleted=False)
        .first()
    )
    if line is None:
        raise NotFound(f"{product_id!r} is not in your cart")
    line.quantity = quantity
    line.latched = False
    line.timestamp, line.last_modified_by = max(now_ms(), line.timestamp + 1), owner
    line.save()
    return line


@transaction.atomic(using="cart")
def cart_line_remove(*, owner: str, product_id: str) -> None:
    """Soft-delete a line; removing one that is not there changes nothing."""
    line = (
        CartLine.objects.select_for_update()
        .filter(owner=owner, product_id=product_id, deleted=False)
        .first()
    )
    if line is None:
        return
    line.deleted, line.latched = True, False
    line.timestamp, line.last_modified_by = max(now_ms(), line.timestamp + 1), owner
    line.save()
