"""Cart queries, always for one owner (the JWT filter)."""

from __future__ import annotations

from bazaar.money import display
from bffs.cart.models import CartLine, ProductView


def cart_lines(*, owner: str):
    return CartLine.objects.filter(owner=owner, deleted=False)


def cart_get(*, owner: str) -> dict:
    """The owner's cart, priced from the cart's own copy of the catalog."""
    lines = list(cart_lines(owner=owner))
    products = ProductView.objects.in_bulk([line.product_id for line in lines])
    items = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None or product.deleted:
            continue  # withdrawn from the catalog: no longer for sale
        total = product.price_cents * line.quantity
        items.append(
            {
                "product_id": line.product_id,
                "name": product.name,
                "image_url": product.image_url,
                "price_cents": product.price_cents,
                "price_display": display(product.price_cents),
                "quantity": line.quantity,
                "line_total_cents": total,
                "line_total_display": display(total),
                "stock": product.stock,
                "in_stock": product.stock >= line.quantity,
            }
        )
    subtotal = sum(item["line_total_cents"] for item in items)
    return {
        "items": items,
        "count": sum(item["quantity"] for item in items),
        "subtotal_cents": subtotal,
        "subtotal_display": display(subtotal),
        "currency": "USD",
    }
