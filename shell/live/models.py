"""The live wing's tables: each topic's bounded message log, and the hub events already turned
into messages."""

from django.db import models

from eventhub.models import AbstractHandledEvent


class LiveMessage(models.Model):
    """The bounded log of one live topic: what a reconnecting client missed is read here."""

    topic = models.CharField(max_length=250)
    seq = models.PositiveBigIntegerField()
    body = models.JSONField()
    created_at = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "seq"], name="live_message_once_per_seq")
        ]
        ordering = ["topic", "seq"]

    def __str__(self) -> str:
        return f"{self.topic}#{self.seq}"


class HandledLiveEvent(AbstractHandledEvent):
    """Hub events the live-update listener has turned into messages (no double pushes)."""
