"""Wish list commands. Both are idempotent: replaying one changes nothing more."""

from __future__ import annotations

from django.db import transaction

from bazaar.errors import NotFound
from bazaar.models import now_ms as _now_ms
from bffs.wishlist.models import ProductView, WishlistItem


@transaction.atomic(using="wishlist")
def wishlist_item_save(*, owner: str, product_id: str) -> tuple[WishlistItem, bool]:
    """Add (or restore) ``product_id`` on ``owner``'s list; True when it is new."""
    if not ProductView.objects.filter(product_id=product_id, deleted=False).exists():
        raise NotFound(f"product {product_id!r} is not in the catalog")
    now = _now_ms()
    item, created = WishlistItem.objects.select_for_update().get_or_create(
        owner=owner,
        product_id=product_id,
        defaults={
            "added_at": now,
            "timestamp": now,
            "last_modified_by": owner,
        },
    )
    if not created:
        was_deleted = item.deleted
        if was_deleted:
            item.added_at = now
        item.deleted, item.timestamp, item.last_modified_by = False, now, owner
        item.save()
        created = was_deleted
    return item, created


@transaction.atomic(using="wishlist")
def wishlist_item_remove(*, owner: str, product_id: str) -> bool:
    """Soft-delete ``product_id`` from ``owner``'s list (again: a no-op); False when ``owner``
    never saved it."""
    mine = WishlistItem.objects.filter(owner=owner, product_id=product_id)
    if not mine.exists():
        return False
    mine.filter(deleted=False).update(deleted=True, timestamp=_now_ms(), last_modified_by=owner)
    return True
