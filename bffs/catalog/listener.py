"""The catalog's listener: an order takes its units out of stock, once per order (the inbox
makes a redelivered ``order-placed`` a no-op); a review's stars keep the product's average
rating current (``review-updated``, latest per shopper and product wins)."""

from __future__ import annotations

from bffs.catalog import services
from bffs.catalog.models import Inbox, ReviewRating
from eventhub.events import OrderPlaced, ReviewUpdated
from eventhub.listener import Listener, materialize

listener = Listener(group="catalog", inbox=Inbox)


@listener.on(OrderPlaced)
def order_placed(event: OrderPlaced) -> None:
    # In product order, as a price list locks them: two such transactions never deadlock.
    for line in sorted(event.order.lines, key=lambda line: line.product_id):
        services.product_stock_take(
            product_id=line.product_id, quantity=line.quantity, actor=f"order:{event.order.id}"
        )


@listener.on(ReviewUpdated)
def review_updated(event: ReviewUpdated) -> None:
    review = event.review
    changed = materialize(
        ReviewRating,
        key={"owner": review.owner, "product_id": review.product_id},
        event=event,
        values={"stars": review.stars, "deleted": review.deleted},
    )
    if changed:
        services.product_rating_refresh(product_id=review.product_id)
