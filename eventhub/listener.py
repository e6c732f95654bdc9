"""Listeners: a BFF consumes domain events from the hub into its own materialized views.

A listener is a named consumer group with handlers per event type. A batch of deliveries is
applied in one transaction on the BFF's datastore, each event in its own savepoint together
with its inbox row, so a redelivered event is a no-op and a failing one is rolled back alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Model

from eventhub.backends.base import Delivery
from eventhub.envelope import Envelope, parse_event
from eventhub.models import InboxEvent

Handler = Callable[[Envelope], None]


class BatchWriter:
    """What a listener's handlers may write in bulk, once per transaction, instead of row by
    row: ``begin()`` opens an empty batch, handlers add to it, ``flush()`` writes it (inside
    the transaction, before the inbox rows)."""

    def begin(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        raise NotImplementedError


@dataclass
class Applied:
    """How far a batch got: ``done`` deliveries applied (or skipped as duplicates); when
    ``error`` is set, delivery ``done`` failed with it and nothing after it was tried."""

    done: int
    duplicates: int = 0
    error: Exception | None = None


class Listener:
    def __init__(
        self, *, group: str, inbox: type[InboxEvent], writer: BatchWriter | None = None
    ) -> None:
        self.group = group
        self.inbox = inbox
        self.writer = writer
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
        """Apply a batch in one transaction; if anything in it fails, roll it all back and
        apply one event at a time to find the one that fails (and keep those before it)."""
        try:
            return self._apply_batch(deliveries)
        except Exception as error:  # noqa: BLE001 - the slow path below pins it down
            if len(deliveries) == 1:
                return Applied(done=0, error=error)
        return self._apply_each(deliveries)

    def _apply_batch(self, deliveries: Sequence[Delivery]) -> Applied:
        alias = self.alias
        inbox = self.inbox.objects.using(alias)
        with transaction.atomic(using=alias):
            ids = [d.envelope["id"] for d in deliveries]
            seen = set(
                inbox.filter(group=self.group, event_id__in=ids).values_list("event_id", flat=True)
            )
            applied = []
            self._begin()
            for delivery in deliveries:
                if delivery.envelope["id"] in seen:
                    continue
                event = parse_event(delivery.envelope)
                self.handlers[event.type](event)
                seen.add(event.id)
                applied.append(self.inbox(group=self.group, event_id=event.id, type=event.type))
            self._flush()
            inbox.bulk_create(applied)
        return Applied(done=len(deliveries), duplicates=len(deliveries) - len(applied))

    def _begin(self) -> None:
        if self.writer is not None:
            self.writer.begin()

    def _flush(self) -> None:
        if self.writer is not None:
            self.writer.flush()

    def _apply_each(self, deliveries: Sequence[Delivery]) -> Applied:
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
        self._begin()
        self.handlers[event.type](event)
        self._flush()
        self.inbox.objects.using(self.alias).create(
            group=self.group, event_id=event.id, type=event.type
        )
        return True


def materialize(model: type[Model], *, key: dict, event: Envelope, values: dict) -> bool:
    """Upsert a listener-owned copy of another service's entity: latest timestamp wins.

    An event older than (or as old as) what the row already reflects changes nothing, so
    events may arrive late, twice or out of order. Returns True when the row changed.
    """
    fields = {
        **values,
        "timestamp": event.timestamp,
        "last_modified_by": event.tags.source,
        "latched": True,
    }
    # The hot path of every listener that keeps a copy: one prepared UPDATE (copies have no
    # trigger, so no signals are needed), and an INSERT only for a key never seen before.
    alias = router.db_for_write(model)
    connection = connections[alias]
    names = tuple(fields)
    sql = _update_sql(model, tuple(key), names, connection.vendor)
    params = [
        model._meta.get_field(name).get_db_prep_save(fields[name], connection) for name in names
    ]
    params += [model._meta.get_field(name).get_db_prep_save(key[name], connection) for name in key]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, event.timestamp])
        if cursor.rowcount:
            return True
    if model.objects.filter(**key).exists():
        return False  # the row already reflects this event or a newer one
    model.objects.create(**key, **fields)
    return True


@functools.cache
def _update_sql(model: type[Model], key: tuple, names: tuple, vendor: str) -> str:
    quote = connections[router.db_for_write(model)].ops.quote_name
    column = lambda name: quote(model._meta.get_field(name).column)  # noqa: E731
    assignments = ", ".join(f"{column(name)} = %s" for name in names)
    match = " AND ".join(f"{column(name)} = %s" for name in key)
    return (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments}"
        f" WHERE {match} AND {column('timestamp')} < %s"
    )
