"""Reviews commands. Both are idempotent: replaying one changes nothing more (and emits
no second event)."""

from __future__ import annotations

from django.db import transaction

from bazaar.errors import NotFound
from bazaar.models import now_ms
from bffs.reviews.models import ProductView, Review


@transaction.atomic(using="reviews")
def review_save(
    *, owner: str, author: str, product_id: str, stars: int, text: str
) -> tuple[Review, bool]:
    """Write (or rewrite) ``owner``'s review of ``product_id``; True when it is new."""
    if not ProductView.objects.filter(product_id=product_id, deleted=False).exists():
        raise NotFound(f"product {product_id!r} is not in the catalog")
    now = now_ms()
    row, created = Review.objects.select_for_update().get_or_create(
        owner=owner,
        product_id=product_id,
        defaults={
            "author": author,
            "stars": stars,
            "text": text,
            "created_at": now,
            "timestamp": now,
            "last_modified_by": owner,
        },
    )
    if created or (not row.deleted and (row.stars, row.text, row.author) == (stars, text, author)):
        return row, created
    created = row.deleted
    if created:
        row.created_at = now
    row.stars, row.text, row.author, row.deleted = stars, text, author, False
    row.timestamp, row.last_modified_by = max(now, row.timestamp + 1), owner
    row.save()
    return row, created


@transaction.atomic(using="reviews")
def review_remove(*, owner: str, product_id: str) -> bool:
    """Withdraw ``owner``'s review of ``product_id`` (again: a no-op); False when there
    never was one."""
    row = Review.objects.select_for_update().filter(owner=owner, product_id=product_id).first()
    if row is None:
        return False
    if not row.deleted:
        row.deleted, row.last_modified_by = True, owner
        row.timestamp = max(now_ms(), row.timestamp + 1)
        row.save()
    return True
