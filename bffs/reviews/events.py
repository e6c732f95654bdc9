"""The events the reviews BFF emits (its public contract: other BFFs import these
schemas to listen). The entity travels under its own key, ``review``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from eventhub.envelope import Envelope
from eventhub.events import Payload


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
