"""Wish list queries, always for one owner (the JWT filter)."""

from django.db.models import Count, QuerySet

from bffs.wishlist.models import WishlistItem


def wishlist_items(*, owner: str) -> QuerySet[WishlistItem]:
    return WishlistItem.objects.filter(owner=owner, deleted=False)


def wishlist_item(*, owner: str, product_id: str) -> WishlistItem | None:
    return wishlist_items(owner=owner).filter(product_id=product_id).first()


def wishlist_stats() -> dict:
    live = WishlistItem.objects.filter(deleted=False)
    return {"shoppers": live.values("owner").annotate(n=Count("id")).count(), "items": live.count()}
