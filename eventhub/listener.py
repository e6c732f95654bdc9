"""Listeners: a BFF consumes domain events from the hub into its own materialized views.

A listener is a named consumer group with handlers per event type. A batch of deliveries is
applied in one transaction on the BFF's datastore, each event in its own savepoint together
with its inbox row, so a redelivered event is a no-op and a failing one is rolled back alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import router, transaction
from django.db.models import Model

from eventhub.backends.base import Delivery
from eventhub.envelope import Envelope, parse_event
from eventhub.models import InboxEvent

Handler = Callable[[Envelope], None]


@dataclass
class Applied:
    """How far a batch got: ``done`` deliveries applied (or skipped as duplicates); when
    ``error`` is set, delivery ``done`` failed with it and nothing after it was tried."""

    done: int
    duplicates: int = 0
    error: Exception | None = None


class Listener:
    def __init__(self, *, group: str, inbox: type[InboxEvent]) -> None:
        self.group = group
        self.inbox = inbox
        self.handlers: dict[str, Handler] = {}

    @property
    def alias(self) -> str:
        return router.db_for_write(self.inbox)

    @property
    def types(self) -> set[str]:
        return set(self.handlers)

    def on(self, *event_types: type[Envelope]) -> Callable[[Handler], Handler]:
        """Register the decorated function for these event types."""

        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                self.handlers[event_type.model_fields["type"].default] = handler
            return handler

        return register

    def apply(self, deliveries: Sequence[Delivery]) -> Applied:
        alias = self.alias
        result = Applied(done=0)
        with transaction.atomic(using=alias):
            for delivery in deliveries:
                try:
                    with transaction.atomic(using=alias):
                        if not self._apply_one(delivery):
                            result.duplicates += 1
                except Exception as error:  # noqa: BLE001 - any failure is the event's fault record
                    result.error = error
                    return result
                result.done += 1
        return result

    def _apply_one(self, delivery: Delivery) -> bool:
        body = delivery.envelope
        seen = self.inbox.objects.using(self.alias).filter(group=self.group, event_id=body["id"])
        if seen.exists():
            return False
        event = parse_event(body)
        self.handlers[event.type](event)
        self.inbox.objects.using(self.alias).create(
            group=self.group, event_id=event.id, type=event.type
        )
        return True


def materialize(model: type[Model], *, key: dict, event: Envelope, values: dict) -> bool:
    """Upsert a listener-owned copy of another service's entity: latest timestamp wins.

    An event older than (or as old as) what the row already reflects changes nothing, so
    events may arrive late, twice or out of order. Returns True when the row changed.
    """
    row = model.objects.select_for_update().filter(**key).first()
    if row is not None and row.timestamp >= event.timestamp:
        return False
    fields = {
        **values,
        "timestamp": event.timestamp,
        "last_modified_by": event.tags.source,
        "latched": True,
    }
    if row is None:
        model.objects.create(**key, **fields)
    else:
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()
    return True
