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
    # Only what is published (no model instances: every worker step polls every outbox).
    pending = outbox.filter(published_at__isnull=True).order_by("seq")
    rows = list(pending.values_list("seq", "envelope")[:batch])
    if not rows:
        return 0
    hub.publish([envelope for _, envelope in rows])
    # By seq, not by range: a transaction that took a lower seq may commit after this read.
    outbox.filter(seq__in=[seq for seq, _ in rows]).update(published_at=now_ms())
    return len(rows)


def prune(trigger: Trigger) -> int:
    cutoff = now_ms() - KEEP_PUBLISHED_MS
    outbox = trigger.outbox.objects.using(trigger.alias)
    deleted, _ = outbox.filter(published_at__lt=cutoff).delete()
    return deleted
