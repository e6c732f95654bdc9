"""The reviews BFF's trigger: every change of a review is announced as
``review-updated``, written to the outbox in the change's own transaction."""

from __future__ import annotations

from bffs.reviews.models import PendingEvent, Review
from contracts.reviews import ReviewState, ReviewUpdated
from eventhub.trigger import Trigger

trigger = Trigger(source="reviews", pending=PendingEvent)


def review_updated(row: Review, created: bool) -> ReviewUpdated:
    return ReviewUpdated.create(
        partition_key=row.product_id,
        entity=f"{row.owner}|{row.product_id}",
        timestamp=row.timestamp,
        source="reviews",
        review=ReviewState(
            owner=row.owner,
            author=row.author,
            product_id=row.product_id,
            stars=row.stars,
            text=row.text,
            deleted=row.deleted,
        ),
    )


trigger.watch(Review, review_updated, emits=(ReviewUpdated,))
