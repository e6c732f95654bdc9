"""Listeners: a BFF consumes domain events from the hub into its own materialized views.

A listener is a named consumer group with handlers per event type. A batch of deliveries is
applied in one transaction on the BFF's datastore together with their inbox rows, so a
redelivered event is a no-op; if anything in it fails, the batch is rolled back and applied
again one event at a time, each in its own savepoint, to find the failing one.

Copies (``materialize``) are the hot path of most listeners. Within a batch they are written
together: see ``_Copies``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import Model

from bazaar.models import now_ms
from eventhub.backends.base import Delivery
from eventhub.envelope import Envelope, parse_event
from eventhub.models import InboxEvent

INBOX_FIELDS = ("event_id", "group", "type", "applied_at")
BATCH_COPIES_FROM = 3  # events in a batch: fewer are materialized one UPDATE each

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
            keys = [
                d.envelope.get("partitionKey") for d in deliveries if d.envelope["id"] not in seen
            ]
            applied: list[tuple[str, str]] = []  # event id, type
            self._begin()
            with _copies_of_batch(alias, keys):
                for delivery in deliveries:
                    if delivery.envelope["id"] in seen:
                        continue
                    event = parse_event(delivery.envelope)
                    self.handlers[event.type](event)
                    seen.add(event.id)
                    applied.append((event.id, event.type))
            self._flush()
            now = now_ms()
            rows = [(event_id, self.group, event_type, now) for event_id, event_type in applied]
            _insert_rows(connections[alias], self.inbox, INBOX_FIELDS, rows)
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
    copies = _batch_copies.get()
    if copies is not None:
        changed = copies.put(model, key, event.timestamp, fields)
        if changed is not None:
            return changed
    # One prepared UPDATE (copies have no trigger, so no signals are needed), and an INSERT
    # only for a key never seen before.
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
        rows = (
            model.objects.using(self.alias)
            .select_for_update()
            .filter(**{f"{name}__in": self.partition_keys})
            .values_list(name, "timestamp")
        )
        with self._own():
            return {**dict.fromkeys(self.partition_keys), **dict(rows)}

    def flush(self) -> None:
        if not self.pending:
            return
        connection = connections[self.alias]
        with self._own():
            for (model, name), rows in self.pending.items():
                changed: dict[tuple[str, ...], list[tuple[Any, dict]]] = {}
                created = []
                for value, (new, fields) in rows.items():
                    if new:
                        created.append(model(**{name: value}, **fields))
                    else:
                        changed.setdefault(tuple(fields), []).append((value, fields))
                for names, group in changed.items():
                    _update_rows(connection, model, name, names, group)
                # Copies are written by their listener only and watched by no trigger: no
                # save() (nor its signals) is needed.
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


def _update_rows(
    connection, model: type[Model], key: str, names: tuple[str, ...], rows: list[tuple[Any, dict]]
) -> None:
    """Set ``names`` of the rows keyed ``key`` (each a key value and its fields), each only
    if its ``timestamp`` is older: on PostgreSQL in one statement (the rows as one JSON
    parameter: one statement to plan, one value to send), else one prepared UPDATE a row."""
    prepared = [
        [
            *(_prep(model, name, fields[name], connection) for name in names),
            _prep(model, key, value, connection),
        ]
        for value, fields in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and "timestamp" in names:
            text = _as_json(model, (*names, key), prepared)
            if text is not None:
                cursor.execute(_update_from_json_sql(model, key, names), [text])
                return
        sql = _update_sql(model, (key,), names, connection.vendor)
        timestamp = names.index("timestamp")
        cursor.executemany(sql, [[*values, values[timestamp]] for values in prepared])


def _insert_rows(
    connection, model: type[Model], names: tuple[str, ...], rows: list[Sequence]
) -> None:
    """Insert rows of values ready for the database (no model instances, no signals): on
    PostgreSQL in one statement (the rows as one JSON parameter), else one prepared INSERT a
    row."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = _as_json(model, names, rows)
            if text is not None:
                cursor.execute(_insert_from_json_sql(model, names), [text])
                return
        cursor.executemany(_insert_sql(model, names), rows)


def _as_json(model: type[Model], names: tuple[str, ...], rows: Sequence[Sequence]) -> str | None:
    """Rows as a JSON array of objects by column; None if a value is not carried as is (a
    date, a decimal: the slower way takes those)."""
    columns = _columns(model, names)
    try:
        return json.dumps([dict(zip(columns, values, strict=True)) for values in rows])
    except TypeError:
        return None


@functools.cache
def _columns(model: type[Model], names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(model._meta.get_field(name).column for name in names)


@functools.cache
def _record(model: type[Model], names: tuple[str, ...]) -> str:
    """``json_to_recordset(...) AS v(...)``: the JSON rows as a table of these fields."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    record = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
    return f"json_to_recordset(%s::json) AS v({record})"


@functools.cache
def _update_from_json_sql(model: type[Model], key: str, names: tuple[str, ...]) -> str:
    quote = connections[router.db_for_write(model)].ops.quote_name
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in _columns(model, names))
    key_column = quote(model._meta.get_field(key).column)
    timestamp = quote(model._meta.get_field("timestamp").column)
    return (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments}"
        f" FROM {_record(model, (*names, key))}"
        f" WHERE t.{key_column} = v.{key_column} AND t.{timestamp} < v.{timestamp}"
    )


@functools.cache
def _insert_from_json_sql(model: type[Model], names: tuple[str, ...]) -> str:
    quote = connections[router.db_for_write(model)].ops.quote_name
    columns = [quote(c) for c in _columns(model, names)]
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)})"
        f" SELECT {', '.join(f'v.{c}' for c in columns)} FROM {_record(model, names)}"
    )


@functools.cache
def _insert_sql(model: type[Model], names: tuple[str, ...]) -> str:
    quote = connections[router.db_for_write(model)].ops.quote_name
    columns = ", ".join(quote(c) for c in _columns(model, names))
    placeholders = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"


# Field classes whose preparation for the database returns a value of this type unchanged.
_STORED_AS_IS: dict[type, type] = {
    models.CharField: str,
    models.SlugField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.SmallIntegerField: int,
    models.BooleanField: bool,
}


def _prep(model: type[Model], name: str, value: Any, connection) -> Any:
    field = model._meta.get_field(name)
    if _STORED_AS_IS.get(type(field)) is type(value):
        return value  # what get_db_prep_save would return, at a fraction of its cost
    return field.get_db_prep_save(value, connection)
