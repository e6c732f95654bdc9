"""Listeners: a BFF consumes domain events from the hub into its own materialized views.

A listener is a named consumer group with handlers per event type. A batch of deliveries is
applied in one transaction on the BFF's datastore together with their handled-event rows, so a
redelivered event is a no-op; if anything in it fails, the batch is rolled back and applied
again one event at a time, each in its own savepoint, to find the failing one.

Copies (``materialize``) are the hot path of most listeners. Within a batch they are written
together: see ``_Copies``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import Model
from opentelemetry.trace import SpanKind

from bazaar import bulk
from bazaar.logs import event_applied
from bazaar.models import now_ms
from bazaar.tracing import event_span
from eventhub.backends.base import Delivery
from eventhub.envelope import Envelope, parse_event
from eventhub.models import AbstractHandledEvent

HANDLED_FIELDS = ("event_id", "group", "type", "applied_at")
BATCH_COPIES_FROM = 3  # events in a batch: fewer are materialized one UPDATE each

Handler = Callable[[Envelope], None]


class BatchWriter:
    """What a listener's handlers may write in bulk, once per transaction, instead of row by
    row: ``begin()`` opens an empty batch, handlers add to it, ``flush()`` writes it (inside
    the transaction, before the handled-event rows)."""

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
        self, *, group: str, handled: type[AbstractHandledEvent], writer: BatchWriter | None = None
    ) -> None:
        self.group = group
        self.handled = handled
        self.writer = writer
        self.handlers: dict[str, Handler] = {}
        self.idempotent: set[str] = set()  # types whose handler needs no handled-event row

    @property
    def alias(self) -> str:
        return router.db_for_write(self.handled)

    @property
    def types(self) -> set[str]:
        return set(self.handlers)

    def on(
        self, *event_types: type[Envelope], idempotent: bool = False
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function for these event types.

        ``idempotent``: the handler itself makes a second delivery change nothing (it only
        keeps copies with ``materialize``, whose latest timestamp wins), so its events get no
        handled-event row: remembering them would cost a row a group and an event for nothing."""

        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                name = event_type.model_fields["type"].default
                self.handlers[name] = handler
                if idempotent:
                    self.idempotent.add(name)
                else:
                    self.idempotent.discard(name)
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
        with transaction.atomic(using=alias):
            # The handled-event rows first, in one statement that also tells which events are new
            # (the others were applied before): none of this outlives a failure of the batch.
            # Events of idempotent handlers are always applied, without a row.
            now = now_ms()
            types = {d.envelope["id"]: d.envelope["type"] for d in deliveries}
            rows = [
                (event_id, self.group, kind, now)
                for event_id, kind in types.items()
                if kind not in self.idempotent
            ]
            remembered = bulk.insert(
                self.handled,
                HANDLED_FIELDS,
                rows,
                using=alias,
                ignore_conflicts=True,
                returning="event_id",
            )
            new = {e for e, kind in types.items() if kind in self.idempotent}.union(remembered)
            keys = [d.envelope.get("partitionKey") for d in deliveries if d.envelope["id"] in new]
            applied = 0
            self._begin()
            with _copies_of_batch(alias, keys):
                for delivery in deliveries:
                    if delivery.envelope["id"] not in new:
                        continue
                    event = parse_event(delivery.envelope)
                    self._handle(event, delivery.envelope)
                    new.discard(event.id)  # applied once, if it came twice
                    applied += 1
            self._flush()
        return Applied(done=len(deliveries), duplicates=len(deliveries) - applied)

    def _handle(self, event: Envelope, envelope: dict) -> None:
        """The handler applies the event, in a span of the trace the event carries."""
        with event_span(
            f"apply {event.type}",
            envelope,
            kind=SpanKind.CONSUMER,
            **{"messaging.consumer.group.name": self.group},
        ):
            self.handlers[event.type](event)
            event_applied(self.group, envelope)

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
        remembered = body.get("type") not in self.idempotent
        seen = self.handled.objects.using(self.alias).filter(group=self.group, event_id=body["id"])
        if remembered and seen.exists():
            return False
        event = parse_event(body)
        self._begin()
        self._handle(event, body)
        self._flush()
        if remembered:
            self.handled.objects.using(self.alias).create(
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
    copies = _batch_copies.get()
    if copies is not None:
        changed = copies.put(model, key, event.timestamp, fields)
        if changed is not None:
            return changed
    # One prepared UPDATE (copies have no trigger, so no signals are needed), and an INSERT
    # only for a key never seen before.
    alias = router.db_for_write(model)
    connection = connections[alias]
    values = {**fields, **key}
    params = [bulk.prepare(model, name, values[name], connection) for name in (*fields, *key)]
    with connection.cursor() as cursor:
        cursor.execute(bulk.update_sql(model, key, fields, alias), [*params, event.timestamp])
        if cursor.rowcount:
            return True
    if model.objects.filter(**key).exists():
        return False  # the row already reflects this event or a newer one
    model.objects.create(**key, **fields)
    return True


Key = tuple[type[Model], str]  # a copy model and the one field it is keyed by


class _Copies:
    """``materialize`` within a listener's batch: each call is answered at once (the rows'
    timestamps are read for the whole batch in one query), and the changes are written
    together: when the batch's handlers are done, or as soon as anything else is about to
    touch the database (so a handler reads what it materialized, and a savepoint rolls it
    back). Each changed row is written once, with its last values: on PostgreSQL one UPDATE
    for all of them, elsewhere one prepared UPDATE a row; rows new to the copy in one INSERT.
    The answers and the rows written are those of one UPDATE per call: the rows read are
    locked (``SELECT ... FOR UPDATE``; SQLite's write transaction holds them all) and every
    UPDATE keeps its ``timestamp <`` guard.

    The rows read are those keyed by the batch's partition keys (a copy is usually keyed by
    its entity, which is its events' partition key); a call for another key, or for a key of
    several fields or not unique, is written at once, as outside a batch."""

    def __init__(self, alias: str, partition_keys: Collection[str]) -> None:
        self.alias = alias
        self.partition_keys = list(dict.fromkeys(k for k in partition_keys if k))
        # Per copy: the timestamp of each row read (None: no such row); what is to be written
        # (key -> whether the row is new, its fields).
        self.known: dict[Key, dict[Any, int | None]] = {}
        self.pending: dict[Key, dict[Any, tuple[bool, dict]]] = {}
        self._ours = False

    def put(self, model: type[Model], key: dict, timestamp: int, fields: dict) -> bool | None:
        """Whether the row changes; None when this call is not for the batch to write."""
        if len(key) != 1 or router.db_for_write(model) != self.alias:
            return None
        ((name, value),) = key.items()
        field = model._meta.get_field(name)
        if not field.unique or not isinstance(field, models.CharField | models.TextField):
            return None  # one row per key, and partition keys are text
        known = self.known.get((model, name))
        if known is None:
            known = self.known[(model, name)] = self._read(model, name)
        if value not in known:
            return None
        current = known[value]
        if current is not None and current >= timestamp:
            return False  # the row reflects this event or a newer one
        rows = self.pending.setdefault((model, name), {})
        new, changes = rows.get(value, (current is None, {}))
        rows[value] = (new, {**changes, **fields})
        known[value] = timestamp
        return True

    def _read(self, model: type[Model], name: str) -> dict[Any, int | None]:
        with self._own():
            rows = bulk.select(
                model,
                name,
                self.partition_keys,
                (name, "timestamp"),
                using=self.alias,
                for_update=True,
            )
        return {**dict.fromkeys(self.partition_keys), **dict(rows)}

    def flush(self) -> None:
        if not self.pending:
            return
        with self._own():
            for (model, name), rows in self.pending.items():
                changed: dict[tuple[str, ...], list[list]] = {}  # by the fields they set
                created = []
                for value, (new, fields) in rows.items():
                    if new:
                        created.append(model(**{name: value}, **fields))
                    else:
                        changed.setdefault(tuple(fields), []).append([*fields.values(), value])
                for names, values in changed.items():
                    bulk.update(model, name, names, values, using=self.alias, newer_only=True)
                # Copies are written by their listener only and watched by no trigger: no
                # save() (nor its signals) is needed; bulk_create fills the model's defaults
                # for fields a handler does not give (new rows are rare: not the hot path).
                model.objects.using(self.alias).bulk_create(created)
        self.pending.clear()

    def __call__(self, execute, sql, params, many, context):
        """Django's execute wrapper: anything else that runs on the batch's connection."""
        if self._ours:
            return execute(sql, params, many, context)
        self.flush()
        try:
            return execute(sql, params, many, context)
        finally:
            self.known.clear()  # that statement may have changed copied rows

    @contextlib.contextmanager
    def _own(self) -> Iterator[None]:
        self._ours = True
        try:
            yield
        finally:
            self._ours = False


_batch_copies: contextvars.ContextVar[_Copies | None] = contextvars.ContextVar(
    "batch_copies", default=None
)


@contextlib.contextmanager
def _copies_of_batch(alias: str, partition_keys: Collection[str]) -> Iterator[None]:
    """``materialize`` calls inside are written together, before the block ends (when there
    are enough for that to pay: it costs a read of the rows first)."""
    if len(partition_keys) < BATCH_COPIES_FROM:
        yield
        return
    copies = _Copies(alias, partition_keys)
    token = _batch_copies.set(copies)
    try:
        with connections[alias].execute_wrapper(copies):
            yield
            copies.flush()
    finally:
        _batch_copies.reset(token)
