"""The relay: moves events from each BFF's outbox to the hub, in commit order.

Publishing is idempotent (the hub ignores an id it has), so the relay may crash anywhere:
between commit and publish the row is still unpublished and goes out after the restart;
between publish and marking it goes out twice and the hub keeps one.
"""

from __future__ import annotations

from bazaar.models import now_ms
from eventhub.backends.base import Hub
from eventhub.trigger import Trigger

BATCH = 500
KEEP_PUBLISHED_MS = 24 * 60 * 60 * 1000  # published outbox rows are kept a day, for audits


def relay(trigger: Trigger, hub: Hub, *, batch: int = BATCH) -> int:
    """Publish up to ``batch`` unpublished events of one BFF; returns how many."""
    outbox = trigger.outbox.objects.using(trigger.alias)
    rows = list(outbox.filter(published_at__isnull=True).order_by("seq")[:batch])
    if not rows:
        return 0
    hub.publish([row.envelope for row in rows])
    outbox.filter(seq__in=[row.seq for row in rows]).update(published_at=now_ms())
    return len(rows)


def prune(trigger: Trigger) -> int:
    cutoff = now_ms() - KEEP_PUBLISHED_MS
    outbox = trigger.outbox.objects.using(trigger.alias)
    deleted, _ = outbox.filter(published_at__lt=cutoff).delete()
    return deleted
