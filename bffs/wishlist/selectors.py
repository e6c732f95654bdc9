"""Wish list queries, always for one owner (the JWT filter)."""

from django.db.models import Count, QuerySet

from bazaar.money import display
from bffs.wishlist.models import ProductView, WishlistItem


def wishlist_items(*, owner: str) -> QuerySet[WishlistItem]:
    return WishlistItem.objects.filter(owner=owner, deleted=False)


def wishlist_item(*, owner: str, product_id: str) -> WishlistItem | None:
    return wishlist_items(owner=owner).filter(product_id=product_id).first()


def items_out(items: list[WishlistItem]) -> list[dict]:
    """Items with the name, price and image of the wish list's copy of the catalog; products
    withdrawn from the catalog are left out."""
    products = ProductView.objects.in_bulk([item.product_id for item in items])
    return [
        {
            "product_id": item.product_id,
            "name": product.name,
            "price_display": display(product.price_cents, product.currency),
            "image_url": product.image_url,
            "added_at": item.added_at,
        }
        for item in items
        if (product := products.get(item.product_id)) is not None and not product.deleted
    ]


def wishlist_stats() -> dict:
    live = WishlistItem.objects.filter(deleted=False)
    return {"shoppers": live.values("owner").annotate(n=Count("id")).count(), "items": live.count()}
