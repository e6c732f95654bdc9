"""The reviews BFF's events: a review written, changed or withdrawn (the catalog listens,
for each product's rating)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contracts.payload import Payload
from eventhub.envelope import Envelope


class ReviewState(Payload):
    owner: str
    author: str
    product_id: str
    stars: int = Field(ge=1, le=5)
    text: str = Field(max_length=2000)
    deleted: bool = False


class ReviewUpdated(Envelope):
    """A shopper wrote, changed or withdrew (``deleted``) their review of a product."""

    type: Literal["review-updated"] = "review-updated"
    review: ReviewState
