"""Writing many rows of one table in one statement: what the hot paths write in bulk (outbox
and inbox rows, copies, live messages, a price list) without model instances or signals.

On PostgreSQL the rows travel as ONE JSON parameter unpacked by ``json_to_recordset``: one
statement to plan, one value to send, whatever the number of rows. (Django's ``bulk_create``
sends a typed array per column, which psycopg builds in Python, element by element, and
``bulk_update`` a CASE per field.) A value JSON cannot carry as is (a date, a decimal) falls
back to the other way: elsewhere (SQLite) one prepared statement run for every row, which is
that engine's fast path anyway.

Only fields stored as they are given belong here (text, numbers, booleans, JSON): what a
field's ``get_db_prep_save`` would return is what is sent. Nothing here sends signals:
callers that need an event emit it themselves (``Trigger.emit``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from django.db import connections, models, transaction
from django.db.models import Model
from django.db.models.constants import OnConflict

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


def prepare(model: type[Model], name: str, value: Any, connection) -> Any:
    """``value`` of field ``name`` as the database takes it (``get_db_prep_save``, skipped
    where it would return the value unchanged: it costs more than the rest of a row)."""
    field = model._meta.get_field(name)
    if _STORED_AS_IS.get(type(field)) is type(value) or value is None:
        return value
    return field.get_db_prep_save(value, connection)


def insert(
    model: type[Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    using: str,
    ignore_conflicts: bool = False,
    returning: str | None = None,
) -> list | None:
    """Insert ``rows`` (each the values of ``names``, in order); with ``ignore_conflicts``, a
    row that would break a unique constraint is left out, as ``bulk_create`` does. With
    ``returning`` (a field), returns that field's values of the rows inserted (so, with
    ``ignore_conflicts``, which of them were new), in no particular order."""
    if not rows:
        return [] if returning else None
    connection = connections[using]
    names = tuple(names)
    suffix = ""
    if returning:
        suffix = f" RETURNING {_quote(using)(model._meta.get_field(returning).column)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = _as_json(model, names, rows)
            if text is not None:
                sql = _insert_from_json_sql(model, names, ignore_conflicts, using)
                cursor.execute(sql + suffix, [text])
                return [row[0] for row in cursor.fetchall()] if returning else None
        prepared = _prepared(model, names, rows, connection)
        with transaction.atomic(using=using):  # several statements: all or nothing
            if not returning:
                cursor.executemany(_insert_sql(model, names, ignore_conflicts, using), prepared)
                return None
            # RETURNING needs one statement for many rows: as many as the engine's limit on
            # parameters allows a statement.
            fields = [model._meta.get_field(n) for n in names]
            size = max(1, connection.ops.bulk_batch_size(fields, rows))
            inserted = []
            for start in range(0, len(prepared), size):
                chunk = prepared[start : start + size]
                sql = _insert_sql(model, names, ignore_conflicts, using, len(chunk))
                cursor.execute(sql + suffix, [value for row in chunk for value in row])
                inserted += [row[0] for row in cursor.fetchall()]
            return inserted


def update(
    model: type[Model],
    key: str,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    using: str,
    newer_only: bool = False,
) -> None:
    """Set ``names`` of the rows whose field ``key`` has the given value: each of ``rows`` is
    the values of ``names`` then the key's (a key given twice: the last row wins). With
    ``newer_only`` (``names`` then include ``timestamp``) a row changes only if its
    ``timestamp`` is older than the new one."""
    if not rows:
        return
    connection = connections[using]
    names = tuple(names)
    rows = list({row[-1]: row for row in rows}.values())  # one row a key, on every engine
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = _as_json(model, (*names, key), rows)
            if text is not None:
                cursor.execute(_update_from_json_sql(model, key, names, newer_only, using), [text])
                return
        prepared = _prepared(model, (*names, key), rows, connection)
        if newer_only:
            timestamp = names.index("timestamp")
            prepared = [[*values, values[timestamp]] for values in prepared]
        with transaction.atomic(using=using):  # a statement a row: all or nothing
            cursor.executemany(_update_sql(model, (key,), names, newer_only, using), prepared)


def select(
    model: type[Model],
    key: str,
    values: Sequence[Any],
    names: Sequence[str],
    *,
    using: str,
    for_update: bool = False,
) -> list[tuple]:
    """The ``names`` of the rows whose field ``key`` is one of ``values``, as tuples in key
    order; with ``for_update``, locked until the transaction ends (where the engine locks
    rows; in key order, so two such transactions cannot deadlock on them). The values travel
    as one JSON parameter: an ``IN`` list costs Django and the database a parameter each."""
    if not values:
        return []
    connection = connections[using]
    sql = _select_sql(model, key, tuple(names), for_update, using)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_json_keys(values)])
        return cursor.fetchall()


def delete(model: type[Model], key: str, values: Sequence[Any], *, using: str) -> int:
    """Delete the rows whose field ``key`` is one of ``values`` (no signals, no cascades);
    returns how many."""
    if not values:
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute(_delete_sql(model, key, using), [_json_keys(values)])
        return cursor.rowcount


def update_sql(model: type[Model], key: Sequence[str], names: Sequence[str], using: str) -> str:
    """One row's ``UPDATE``, newer only: the values of ``names``, of ``key``, then the new
    timestamp as parameters."""
    return _update_sql(model, tuple(key), tuple(names), True, using)


def _prepared(model: type[Model], names: tuple[str, ...], rows, connection) -> list[list]:
    return [
        [prepare(model, *pair, connection) for pair in zip(names, r, strict=True)] for r in rows
    ]


# --- statements ---------------------------------------------------------------------------------
def _as_json(model: type[Model], names: tuple[str, ...], rows: Sequence[Sequence]) -> str | None:
    """Rows as a JSON array of objects by column; None if a value cannot travel as JSON."""
    columns, converts = _json_columns(model, names)
    try:
        objects = [
            {c: f(v) for c, f, v in zip(columns, converts, row, strict=True)} for row in rows
        ]
        return json.dumps(objects, allow_nan=False)  # NaN is not JSON: the other way takes it
    except (TypeError, ValueError):
        return None


@functools.cache
def _json_columns(model: type[Model], names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple]:
    """The columns of ``names``, and how to make each one's values JSON: a JSON field's as they
    are (the record's column is ``jsonb``), others as ``get_prep_value`` makes them (skipped
    for a value of the type the field stores)."""
    fields = [model._meta.get_field(name) for name in names]
    return tuple(f.column for f in fields), tuple(map(_to_json_value, fields))


def _to_json_value(field: models.Field):
    if isinstance(field, models.JSONField):
        return lambda value: value
    stored = _STORED_AS_IS.get(type(field))
    return lambda value: (
        value if value is None or type(value) is stored else field.get_prep_value(value)
    )


def _quote(using: str):
    return connections[using].ops.quote_name


@functools.cache
def _record(model: type[Model], names: tuple[str, ...], using: str) -> str:
    """``json_to_recordset(...) AS v(...)``: the JSON rows as a table of these fields."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    record = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
    return f"json_to_recordset(%s::json) AS v({record})"


def _on_conflict(model: type[Model], ignore_conflicts: bool, using: str) -> tuple[str, str]:
    """The INSERT's start and its conflict clause, as this engine spells them."""
    ops = connections[using].ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    table = ops.quote_name(model._meta.db_table)
    start = f"{ops.insert_statement(on_conflict=on_conflict)} {table}"
    suffix = ops.on_conflict_suffix_sql([], on_conflict, [], []) if ignore_conflicts else ""
    return start, suffix


@functools.cache
def _insert_from_json_sql(
    model: type[Model], names: tuple[str, ...], ignore_conflicts: bool, using: str
) -> str:
    quote = _quote(using)
    columns = [quote(c) for c in _json_columns(model, names)[0]]
    start, suffix = _on_conflict(model, ignore_conflicts, using)
    return (
        f"{start} ({', '.join(columns)})"
        f" SELECT {', '.join(f'v.{c}' for c in columns)} FROM {_record(model, names, using)}"
        f" {suffix}"
    ).rstrip()


@functools.cache
def _insert_sql(
    model: type[Model], names: tuple[str, ...], ignore_conflicts: bool, using: str, rows: int = 1
) -> str:
    quote = _quote(using)
    columns = ", ".join(quote(c) for c in _json_columns(model, names)[0])
    start, suffix = _on_conflict(model, ignore_conflicts, using)
    placeholders = ", ".join([f"({', '.join(['%s'] * len(names))})"] * rows)
    return f"{start} ({columns}) VALUES {placeholders} {suffix}".rstrip()


def _json_keys(values: Sequence[Any]) -> str:
    """Key values as one JSON array. Keys are text or integers (what the hot paths key by):
    other types are stored differently by each engine (a UUID, a date), so they are refused
    rather than matched wrongly."""
    for value in values:
        if type(value) not in (str, int):
            raise TypeError(f"bulk keys are text or integers, not {type(value).__name__}")
    return json.dumps(list(values))


def _keyed(model: type[Model], key: str, using: str) -> str:
    """``<key column> IN (...)``: the values of one JSON array parameter. Text is compared as
    text (a cast to ``varchar(n)`` would cut a longer value and match another row); integers
    are cast to the column's type."""
    connection = connections[using]
    field = model._meta.get_field(key)
    if connection.vendor == "postgresql":
        text = isinstance(field, models.CharField | models.TextField)
        value = "v" if text else f"v::{field.db_type(connection)}"
        values = f"SELECT {value} FROM json_array_elements_text(%s::json) v"
    else:
        values = "SELECT value FROM json_each(%s)"
    return f"{connection.ops.quote_name(field.column)} IN ({values})"


@functools.cache
def _select_sql(
    model: type[Model], key: str, names: tuple[str, ...], for_update: bool, using: str
) -> str:
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(n).column) for n in names)
    lock = " FOR UPDATE" if for_update and connection.features.has_select_for_update else ""
    order = quote(model._meta.get_field(key).column)
    return (
        f"SELECT {columns} FROM {quote(model._meta.db_table)}"
        f" WHERE {_keyed(model, key, using)} ORDER BY {order}{lock}"
    )


@functools.cache
def _delete_sql(model: type[Model], key: str, using: str) -> str:
    return f"DELETE FROM {_quote(using)(model._meta.db_table)} WHERE {_keyed(model, key, using)}"


@functools.cache
def _update_from_json_sql(
    model: type[Model], key: str, names: tuple[str, ...], newer_only: bool, using: str
) -> str:
    quote = _quote(using)
    columns = _json_columns(model, names)[0]
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    key_column = quote(model._meta.get_field(key).column)
    where = f"t.{key_column} = v.{key_column}"
    if newer_only:
        timestamp = quote(model._meta.get_field("timestamp").column)
        where += f" AND t.{timestamp} < v.{timestamp}"
    return (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments}"
        f" FROM {_record(model, (*names, key), using)} WHERE {where}"
    )


@functools.cache
def _update_sql(
    model: type[Model], key: tuple[str, ...], names: tuple[str, ...], newer_only: bool, using: str
) -> str:
    quote = _quote(using)
    column = lambda name: quote(model._meta.get_field(name).column)  # noqa: E731
    assignments = ", ".join(f"{column(name)} = %s" for name in names)
    match = " AND ".join(f"{column(name)} = %s" for name in key)
    guard = f" AND {column('timestamp')} < %s" if newer_only else ""
    return f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {match}{guard}"
