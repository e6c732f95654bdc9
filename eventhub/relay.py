"""The relay: moves each BFF's pending events to the hub, in commit order.

What is published leaves the pending events (the hub keeps the log from then on: its stream, its
table), so the pending events are only what waits, and a relay pass reads the head of its primary
key. Publishing is idempotent (the hub ignores an id it has), so the relay may crash
anywhere: between commit and publish the row is still there and goes out after the restart;
between publish and delete it goes out twice and the hub keeps one.
"""

from __future__ import annotations

import contextlib

from opentelemetry.trace import SpanKind

from bazaar import bulk
from bazaar.tracing import event_span
from eventhub.backends.base import Hub
from eventhub.trigger import Trigger

BATCH = 1000


def relay(trigger: Trigger, hub: Hub, *, batch: int = BATCH) -> int:
    """Publish up to ``batch`` waiting events of one BFF; returns how many."""
    outbox = trigger.pending.objects.using(trigger.alias)
    # Only the columns publishing needs, no model instances: a busy worker polls often.
    rows = list(outbox.order_by("seq").values_list("seq", "envelope")[:batch])
    if not rows:
        return 0
    envelopes = [envelope for _, envelope in rows]
    # Each traced event's trace shows it leaving for the hub (one span an event: they are
    # published together).
    with contextlib.ExitStack() as spans:
        for envelope in envelopes:
            spans.enter_context(
                event_span(f"publish {envelope['type']}", envelope, kind=SpanKind.PRODUCER)
            )
        hub.publish(envelopes)
    # By seq, not by range: a transaction that took a lower seq may commit after this read.
    bulk.delete(trigger.pending, "seq", [seq for seq, _ in rows], using=trigger.alias)
    return len(rows)
