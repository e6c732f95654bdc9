"""The catalog's listener: the catalog decides each order (``order-placed``): it takes all its
units out of stock and accepts it, or takes none and rejects it (``order-accepted`` /
``order-rejected``), once per order (the inbox makes a redelivered ``order-placed`` a no-op); a review's stars keep the product's average
rating current (``review-updated``, latest per shopper and product wins)."""

from __future__ import annotations

from bffs.catalog import services
from bffs.catalog.models import HandledEvent, ReviewRating
from contracts.orders import OrderPlaced
from contracts.reviews import ReviewUpdated
from eventhub.listener import Listener, materialize

listener = Listener(group="catalog", handled=HandledEvent)


@listener.on(OrderPlaced)
def order_placed(event: OrderPlaced) -> None:
    services.order_stock_reserve(order=event.order)


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
