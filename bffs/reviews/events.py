"""The events the reviews BFF emits. Their schemas live with the shop's other shared event
schemas (``eventhub.events``), since the catalog listens to them and no BFF imports another."""

from eventhub.events import ReviewState, ReviewUpdated

__all__ = ["ReviewState", "ReviewUpdated"]
