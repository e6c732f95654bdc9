"""bazaar/bulk.py on both engines: SQLite (the tests' usual per-BFF databases) and a real
PostgreSQL database made for this module and dropped afterwards.

The PostgreSQL half: a module fixture creates a database on the machine's server, points an
extra connection alias at it, creates the tables of the models used here with the schema
editor, and drops the database when the module is done. Its tests run in autocommit (as a
statement outside any transaction would), and the tables are emptied after each one.
PostgreSQL unreachable fails these tests: they are never skipped.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, router, transaction
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext
from psycopg import sql

from bazaar import bulk
from bffs.cart.models import CartLine, ProductView
from bffs.cart.models import HandledEvent as CartInbox
from bffs.catalog.models import Category, Product
from bffs.catalog.models import PendingEvent as CatalogOutbox
from shell.live.models import LiveMessage
from shell.registry.models import App

PG_URL = "postgresql://postgres@127.0.0.1:5432"
PG_ALIAS = "bulk_postgresql"
# Created in this order (a product refers to its category), emptied after every test.
PG_MODELS: tuple[type[Model], ...] = (
    CartInbox,
    CatalogOutbox,
    ProductView,
    CartLine,
    LiveMessage,
    Category,
    Product,
    App,
)
SQLITE_DATABASES = ["default", "cart", "catalog"]
# What the hub's listener and trigger write (eventhub/listener.py, eventhub/trigger.py).
HANDLED_FIELDS = ("event_id", "group", "type", "applied_at")
PENDING_FIELDS = ("event_id", "type", "partition_key", "envelope", "created_at")


def _sqlite(*, transaction: bool = False):
    marks = [pytest.mark.django_db(databases=SQLITE_DATABASES, transaction=transaction)]
    return pytest.param("sqlite", marks=marks, id="sqlite")


ENGINES = [_sqlite(), "postgresql"]
# Autocommit on both: what one call writes is not wrapped in the test's transaction.
ENGINES_AUTOCOMMIT = [_sqlite(transaction=True), "postgresql"]
# A call is all or nothing: on SQLite its statements (one per row, or one per chunk with
# ``returning``) run in a transaction (a savepoint) of their own.
ALL_OR_NOTHING = ENGINES_AUTOCOMMIT


@dataclass(frozen=True)
class Engine:
    vendor: str  # "sqlite" | "postgresql"

    def alias(self, model: type[Model]) -> str:
        """Where ``model``'s table is: its app's alias on SQLite, the test's database else."""
        return PG_ALIAS if self.vendor == "postgresql" else router.db_for_write(model)

    def rows(self, model: type[Model]) -> QuerySet:
        return model.objects.using(self.alias(model))


@pytest.fixture(scope="module")
def postgres(django_db_blocker) -> Iterator[str]:
    """A PostgreSQL database of this module's, with the tables of ``PG_MODELS``, as the
    connection alias ``PG_ALIAS``; dropped at the end."""
    try:
        server = psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at {PG_URL} for the bulk tests: {error}")
    name = f"bazaar_test_bulk_{uuid.uuid4().hex[:10]}"
    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    config = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
    }
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], PG_ALIAS: config}
    )
    connections.settings[PG_ALIAS] = configured[PG_ALIAS]
    try:
        with django_db_blocker.unblock():
            with connections[PG_ALIAS].schema_editor() as editor:
                for model in PG_MODELS:
                    editor.create_model(model)
            yield name
    finally:
        with django_db_blocker.unblock():
            connections[PG_ALIAS].close()
        del connections[PG_ALIAS]
        del connections.settings[PG_ALIAS]
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.close()


@pytest.fixture(params=ENGINES)
def engine(request, django_db_blocker) -> Iterator[Engine]:
    """The engine under test: SQLite through pytest-django, or the module's PostgreSQL."""
    if request.param == "sqlite":
        yield Engine("sqlite")
        return
    request.getfixturevalue("postgres")
    with django_db_blocker.unblock():
        try:
            yield Engine("postgresql")
        finally:
            tables = [sql.Identifier(model._meta.db_table) for model in PG_MODELS]
            with connections[PG_ALIAS].cursor() as cursor:
                cursor.execute(
                    sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE")
                    .format(sql.SQL(", ").join(tables))
                    .as_string()
                )


def _inbox_rows(group: str, ids: list[str], kind: str = "product-updated") -> list[tuple]:
    return [(event_id, group, kind, 1_700_000_000_000) for event_id in ids]


def _views(engine: Engine, *rows: tuple[str, int]) -> None:
    """Product views (product id, timestamp), written with the ORM."""
    engine.rows(ProductView).bulk_create(
        ProductView(
            product_id=product_id,
            name=f"Name of {product_id}",
            price_cents=100,
            currency="USD",
            image_url=f"/img/{product_id}.png",
            stock=5,
            timestamp=timestamp,
            last_modified_by="catalog",
        )
        for product_id, timestamp in rows
    )


def _queries(engine: Engine, model: type[Model]) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[engine.alias(model)])


# --- insert -------------------------------------------------------------------------------------
def test_insert_writes_the_rows_and_json_round_trips(engine: Engine) -> None:
    """The rows land with the values given; a JSON field reads back as the dict written."""
    envelopes = [
        {"id": f"e{i}", "type": "product-updated", "data": {"price": i, "tags": ["a", "ü"]}}
        for i in range(3)
    ]
    rows = [
        (f"e{i}", "product-updated", f"p{i}", envelope, 1_700_000_000_000 + i)
        for i, envelope in enumerate(envelopes)
    ]
    alias = engine.alias(CatalogOutbox)

    result = bulk.insert(CatalogOutbox, PENDING_FIELDS, rows, using=alias)

    assert result is None
    stored = list(engine.rows(CatalogOutbox).order_by("event_id").values_list(*PENDING_FIELDS))
    assert stored == rows
    assert isinstance(stored[0][3], dict)


def test_insert_json_body_of_live_messages(engine: Engine) -> None:
    """A JSONField (``LiveMessage.body``) takes nested dicts, lists, nulls and booleans."""
    bodies = [
        {"topic": "product/p1", "seq": 1, "changes": {"stock": 0}, "gone": None},
        {"topic": "product/p1", "seq": 2, "flags": [True, False], "at": 1.5},
    ]
    rows = [("product/p1", i + 1, body, 10) for i, body in enumerate(bodies)]

    bulk.insert(
        LiveMessage, ("topic", "seq", "body", "created_at"), rows, using=engine.alias(LiveMessage)
    )

    assert list(engine.rows(LiveMessage).order_by("seq").values_list("body", flat=True)) == bodies


def test_insert_on_postgresql_is_one_statement_with_one_parameter(engine: Engine) -> None:
    """PostgreSQL: the rows travel as one JSON parameter of one statement; SQLite: one
    prepared statement run for every row."""
    rows = _inbox_rows("hub", [f"e{i}" for i in range(50)])
    alias = engine.alias(CartInbox)
    calls = []

    def spy(execute, sql, params, many, context):
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):  # all or nothing on SQLite
            calls.append((sql, params, many))
        return execute(sql, params, many, context)

    with connections[alias].execute_wrapper(spy):
        bulk.insert(CartInbox, HANDLED_FIELDS, rows, using=alias)

    assert engine.rows(CartInbox).count() == 50
    ((statement, params, many),) = calls
    if engine.vendor == "postgresql":
        assert "json_to_recordset" in statement
        assert (many, len(params)) == (False, 1)
    else:
        assert (many, len(params)) == (True, 50)


def test_insert_ignore_conflicts_leaves_out_duplicates(engine: Engine) -> None:
    """With ``ignore_conflicts`` a row breaking the unique (group, event_id) is left out, the
    others are written; the row already there keeps its values."""
    alias = engine.alias(CartInbox)
    bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ["e1"], "first"), using=alias)

    rows = [
        *_inbox_rows("hub", ["e1", "e2"], "second"),
        *_inbox_rows("other", ["e1"], "second"),
        *_inbox_rows("hub", ["e3", "e3"], "second"),  # twice in one call
    ]
    bulk.insert(CartInbox, HANDLED_FIELDS, rows, using=alias, ignore_conflicts=True)

    stored = set(engine.rows(CartInbox).values_list("group", "event_id", "type"))
    assert stored == {
        ("hub", "e1", "first"),
        ("hub", "e2", "second"),
        ("other", "e1", "second"),
        ("hub", "e3", "second"),
    }


@pytest.mark.parametrize("engine", ALL_OR_NOTHING, indirect=True)
def test_insert_duplicate_without_ignore_raises_and_writes_nothing(engine: Engine) -> None:
    """Without ``ignore_conflicts`` a duplicate raises IntegrityError and no row of the call is
    written, not even those before the duplicate (no transaction around the call)."""
    alias = engine.alias(CartInbox)
    bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ["e3"]), using=alias)
    assert connections[alias].get_autocommit()

    with pytest.raises(IntegrityError):
        bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ["e1", "e2", "e3"]), using=alias)

    assert list(engine.rows(CartInbox).values_list("event_id", flat=True)) == ["e3"]


@pytest.mark.parametrize("engine", ALL_OR_NOTHING, indirect=True)
def test_insert_duplicate_without_ignore_writes_nothing_with_returning(engine: Engine) -> None:
    """The same with ``returning``: the duplicate in a later chunk than the first (SQLite) makes
    the whole call fail, leaving no row of it."""
    alias = engine.alias(CartInbox)
    bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ["e0999"]), using=alias)
    ids = [f"e{i:04}" for i in range(1000)]

    with pytest.raises(IntegrityError):
        bulk.insert(
            CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ids), using=alias, returning="event_id"
        )

    assert list(engine.rows(CartInbox).values_list("event_id", flat=True)) == ["e0999"]


def test_insert_returning_gives_the_new_rows_values(engine: Engine) -> None:
    """``returning`` gives the field of each row written: with ``ignore_conflicts`` exactly
    the rows that were new, and generated keys as stored."""
    alias = engine.alias(CartInbox)
    bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", ["e1", "e3"]), using=alias)

    new = bulk.insert(
        CartInbox,
        HANDLED_FIELDS,
        _inbox_rows("hub", ["e1", "e2", "e3", "e4"]),
        using=alias,
        ignore_conflicts=True,
        returning="event_id",
    )

    assert sorted(new) == ["e2", "e4"]
    assert engine.rows(CartInbox).count() == 4

    outbox = engine.alias(CatalogOutbox)
    rows = [(f"o{i}", "t", "k", {"i": i}, 1) for i in range(5)]
    seqs = bulk.insert(CatalogOutbox, PENDING_FIELDS, rows, using=outbox, returning="seq")
    assert sorted(seqs) == sorted(engine.rows(CatalogOutbox).values_list("seq", flat=True))
    assert len(set(seqs)) == 5


def test_insert_returning_more_rows_than_one_chunk(engine: Engine) -> None:
    """1,200 rows with ``returning`` and ``ignore_conflicts`` (SQLite: several statements of
    as many rows as its parameter limit allows): every new row is returned once, and none of
    those already there."""
    alias = engine.alias(CartInbox)
    if engine.vendor == "sqlite":  # the call really spans chunks
        fields = [CartInbox._meta.get_field(name) for name in HANDLED_FIELDS]
        assert connections[alias].ops.bulk_batch_size(fields, [None] * 1200) < 400
    ids = [f"e{i:04}" for i in range(1200)]
    there = ids[::4]  # 300 of them, spread over every chunk
    bulk.insert(CartInbox, HANDLED_FIELDS, _inbox_rows("hub", there), using=alias)

    new = bulk.insert(
        CartInbox,
        HANDLED_FIELDS,
        _inbox_rows("hub", ids),
        using=alias,
        ignore_conflicts=True,
        returning="event_id",
    )

    assert len(new) == 900
    assert set(new) == set(ids) - set(there)
    assert engine.rows(CartInbox).count() == 1200


def test_insert_without_ignore_returning_all_rows(engine: Engine) -> None:
    """1,200 new rows with ``returning``, no conflicts asked about: all are returned."""
    ids = [f"e{i:04}" for i in range(1200)]
    new = bulk.insert(
        CartInbox,
        HANDLED_FIELDS,
        _inbox_rows("hub", ids),
        using=engine.alias(CartInbox),
        returning="event_id",
    )
    assert sorted(new) == ids
    assert engine.rows(CartInbox).count() == 1200


def test_nothing_to_write_sends_nothing(engine: Engine) -> None:
    """Empty rows or keys: no statement, and the empty answer of each function."""
    alias = engine.alias(ProductView)
    with _queries(engine, ProductView) as queries:
        assert bulk.insert(ProductView, ("product_id",), [], using=alias) is None
        assert bulk.insert(ProductView, ("product_id",), [], using=alias, returning="name") == []
        assert bulk.update(ProductView, "product_id", ("name",), [], using=alias) is None
        assert bulk.select(ProductView, "product_id", [], ("name",), using=alias) == []
        assert bulk.delete(ProductView, "product_id", [], using=alias) == 0
    assert queries.captured_queries == []


# --- values JSON cannot carry: prepared statements on PostgreSQL too -----------------------------
def _product_row(pid: str, rating: Decimal, details: object) -> tuple:
    return (pid, f"Name {pid}", "books", "A book.", details, 1999, "USD", 3, rating, 0, 0, "")


PRODUCT_FIELDS = (
    "id",
    "name",
    "category",
    "description",
    "details",
    "price_cents",
    "currency",
    "stock",
    "rating",
    "review_count",
    "featured_rank",
    "search_text",
    "timestamp",
    "last_modified_by",
    "deleted",
    "latched",
)


def _products(*rows: tuple) -> list[tuple]:
    return [(*row, 1_700_000_000_000, "test", False, False) for row in rows]


def _category(engine: Engine) -> None:
    engine.rows(Category).create(slug="books", name="Books", description="", color="#123456")


def test_insert_decimal_falls_back_and_writes_correct_values(engine: Engine) -> None:
    """A Decimal (``Product.rating``) cannot travel as JSON: the rows go as prepared
    statements (on PostgreSQL too) and read back exact, the JSON field with them; with
    ``ignore_conflicts`` and ``returning`` on that path too."""
    _category(engine)
    alias = engine.alias(Product)
    rows = _products(
        _product_row("p1", Decimal("4.5"), [{"k": "pages", "v": 320}]),
        _product_row("p2", Decimal("0.1"), {"nested": {"x": [1, None]}}),
    )

    with _queries(engine, Product) as queries:
        bulk.insert(Product, PRODUCT_FIELDS, rows, using=alias)
    assert not any("json_to_recordset" in q["sql"] for q in queries.captured_queries)

    stored = {p.id: p for p in engine.rows(Product)}
    assert stored["p1"].rating == Decimal("4.5")
    assert stored["p2"].rating == Decimal("0.1")
    assert stored["p1"].details == [{"k": "pages", "v": 320}]
    assert stored["p2"].details == {"nested": {"x": [1, None]}}
    assert stored["p1"].category_id == "books"
    assert stored["p2"].timestamp == 1_700_000_000_000

    more = _products(_product_row("p2", Decimal("3.0"), []), _product_row("p3", Decimal("2.5"), []))
    new = bulk.insert(
        Product, PRODUCT_FIELDS, more, using=alias, ignore_conflicts=True, returning="id"
    )
    assert new == ["p3"]
    assert engine.rows(Product).get(id="p2").rating == Decimal("0.1")
    assert engine.rows(Product).get(id="p3").rating == Decimal("2.5")


@pytest.mark.parametrize("engine", ALL_OR_NOTHING, indirect=True)
def test_insert_fallback_duplicate_writes_nothing(engine: Engine) -> None:
    """On the prepared-statement path too, a duplicate fails the whole call."""
    _category(engine)
    alias = engine.alias(Product)
    bulk.insert(
        Product, PRODUCT_FIELDS, _products(_product_row("p3", Decimal("1"), [])), using=alias
    )
    rows = _products(*(_product_row(f"p{i}", Decimal("1"), []) for i in (1, 2, 3)))
    with pytest.raises(IntegrityError):
        bulk.insert(Product, PRODUCT_FIELDS, rows, using=alias)
    assert list(engine.rows(Product).values_list("id", flat=True)) == ["p3"]


def test_insert_datetime_falls_back_and_writes_correct_values(engine: Engine) -> None:
    """A datetime (``App.created_at``) cannot travel as JSON either: it is written as the
    field prepares it, and reads back as the same instant."""
    at = datetime.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=datetime.UTC)
    alias = engine.alias(App)

    with _queries(engine, App) as queries:
        bulk.insert(App, ("name", "slug", "created_at"), [("@bazaar/x", "x", at)], using=alias)
    assert not any("json_to_recordset" in q["sql"] for q in queries.captured_queries)

    app = engine.rows(App).get(slug="x")
    assert (app.name, app.created_at) == ("@bazaar/x", at)


# --- update -------------------------------------------------------------------------------------
def test_update_sets_only_the_keyed_rows(engine: Engine) -> None:
    """Only the rows whose key is given change, and only the fields named; an unknown key
    changes nothing."""
    _views(engine, ("p1", 100), ("p2", 100), ("p3", 100))

    bulk.update(
        ProductView,
        "product_id",
        ("name", "price_cents", "deleted"),
        [("New p1", 150, True, "p1"), ("New p3", 350, False, "p3"), ("Ghost", 1, True, "p9")],
        using=engine.alias(ProductView),
    )

    stored = {
        v.product_id: (v.name, v.price_cents, v.deleted, v.stock, v.timestamp)
        for v in engine.rows(ProductView)
    }
    assert stored == {
        "p1": ("New p1", 150, True, 5, 100),
        "p2": ("Name of p2", 100, False, 5, 100),
        "p3": ("New p3", 350, False, 5, 100),
    }


def test_update_a_key_given_twice_takes_its_last_row_on_every_engine(engine: Engine) -> None:
    """PostgreSQL's UPDATE ... FROM would pick either row; the call keeps the last."""
    _views(engine, ("p1", 100))

    bulk.update(
        ProductView,
        "product_id",
        ("name", "price_cents"),
        [("first", 1, "p1"), ("second", 2, "p1"), ("last", 3, "p1")],
        using=engine.alias(ProductView),
    )

    assert [(v.name, v.price_cents) for v in engine.rows(ProductView)] == [("last", 3)]


def test_update_newer_only_changes_older_rows_only(engine: Engine) -> None:
    """With ``newer_only`` a row changes only if its timestamp is older than the new one: an
    equal or newer row is left as it is."""
    _views(engine, ("older", 100), ("equal", 200), ("newer", 300))

    bulk.update(
        ProductView,
        "product_id",
        ("name", "stock", "timestamp"),
        [("changed", 9, 200, pid) for pid in ("older", "equal", "newer")],
        using=engine.alias(ProductView),
        newer_only=True,
    )

    stored = {v.product_id: (v.name, v.stock, v.timestamp) for v in engine.rows(ProductView)}
    assert stored == {
        "older": ("changed", 9, 200),
        "equal": ("Name of equal", 5, 200),
        "newer": ("Name of newer", 5, 300),
    }


def test_update_decimal_falls_back(engine: Engine) -> None:
    """A Decimal in an update goes the prepared way (on PostgreSQL too) and is written exact;
    rows not keyed keep theirs."""
    _category(engine)
    alias = engine.alias(Product)
    bulk.insert(
        Product,
        PRODUCT_FIELDS,
        _products(_product_row("p1", Decimal("1.0"), []), _product_row("p2", Decimal("2.0"), [])),
        using=alias,
    )

    with _queries(engine, Product) as queries:
        bulk.update(Product, "id", ("rating", "stock"), [(Decimal("4.7"), 8, "p1")], using=alias)
    assert not any("json_to_recordset" in q["sql"] for q in queries.captured_queries)

    ratings = dict(engine.rows(Product).values_list("id", "rating"))
    assert ratings == {"p1": Decimal("4.7"), "p2": Decimal("2.0")}
    assert engine.rows(Product).get(id="p1").stock == 8


# --- select -------------------------------------------------------------------------------------
def test_select_returns_the_named_columns_of_the_keyed_rows(engine: Engine) -> None:
    """The named columns, as tuples, of the rows with the keys given; unknown keys ignored."""
    _views(engine, ("p1", 100), ("p2", 200), ("p3", 300))

    rows = bulk.select(
        ProductView,
        "product_id",
        ["p3", "p1", "nope"],
        ("product_id", "timestamp", "name"),
        using=engine.alias(ProductView),
    )

    assert sorted(map(tuple, rows)) == [("p1", 100, "Name of p1"), ("p3", 300, "Name of p3")]


def test_a_key_longer_than_its_column_matches_no_row(engine: Engine) -> None:
    """Text keys are compared as text: a key longer than the column (``varchar(120)``) that
    begins with an existing one is not that row (a cast to the column's type would cut it)."""
    existing = "p" * 120
    _views(engine, ("p1", 100))
    engine.rows(ProductView).filter(product_id="p1").update(product_id=existing)
    longer = existing + "-and-more"
    alias = engine.alias(ProductView)

    assert bulk.select(ProductView, "product_id", [longer], ("product_id",), using=alias) == []
    assert bulk.delete(ProductView, "product_id", [longer], using=alias) == 0
    assert engine.rows(ProductView).count() == 1


def test_keys_other_than_text_or_integers_are_refused(engine: Engine) -> None:
    """A UUID or a date is stored differently by each engine: refused, not matched wrongly."""
    alias = engine.alias(ProductView)
    for key in (uuid.uuid4(), True, 1.5):
        with pytest.raises(TypeError, match="bulk keys are text or integers"):
            bulk.select(ProductView, "product_id", [key], ("product_id",), using=alias)


def test_select_and_delete_by_an_integer_key(engine: Engine) -> None:
    """Keys of an integer field (the outbox's ``seq``, as the relay deletes by) match too."""
    alias = engine.alias(CatalogOutbox)
    rows = [(f"o{i}", "t", "k", {"i": i}, 1) for i in range(4)]
    seqs = sorted(bulk.insert(CatalogOutbox, PENDING_FIELDS, rows, using=alias, returning="seq"))

    picked = bulk.select(CatalogOutbox, "seq", seqs[1:3], ("seq", "event_id"), using=alias)
    assert sorted(map(tuple, picked)) == [(seqs[1], "o1"), (seqs[2], "o2")]

    assert bulk.delete(CatalogOutbox, "seq", [seqs[0], seqs[3], 10**9], using=alias) == 2
    assert sorted(engine.rows(CatalogOutbox).values_list("event_id", flat=True)) == ["o1", "o2"]


@pytest.mark.parametrize("engine", ENGINES_AUTOCOMMIT, indirect=True)
def test_select_for_update_inside_a_transaction(engine: Engine) -> None:
    """``for_update`` inside a transaction returns the rows; on PostgreSQL they are locked
    (another connection cannot lock them) until the transaction ends, and only they."""
    _views(engine, ("p1", 100), ("p2", 200))
    alias = engine.alias(ProductView)
    with transaction.atomic(using=alias), _queries(engine, ProductView) as queries:
        rows = bulk.select(
            ProductView,
            "product_id",
            ["p1"],
            ("product_id", "timestamp"),
            using=alias,
            for_update=True,
        )
        assert list(map(tuple, rows)) == [("p1", 100)]
        if engine.vendor == "postgresql":
            assert queries.captured_queries[0]["sql"].endswith("FOR UPDATE")
            assert not _can_lock(engine, "p1")
            assert _can_lock(engine, "p2")
        else:  # SQLite has no row locks: its write transaction holds the whole database
            assert "FOR UPDATE" not in queries.captured_queries[0]["sql"]
    if engine.vendor == "postgresql":
        assert _can_lock(engine, "p1")


def _can_lock(engine: Engine, product_id: str) -> bool:
    """Whether another connection can lock the product view at once."""
    name = connections[engine.alias(ProductView)].settings_dict["NAME"]
    with psycopg.connect(f"{PG_URL}/{name}") as other:
        try:
            other.execute(
                "SELECT 1 FROM cart_productview WHERE product_id = %s FOR UPDATE NOWAIT",
                [product_id],
            )
        except psycopg.errors.LockNotAvailable:
            return False
        return True


# --- delete -------------------------------------------------------------------------------------
def test_delete_deletes_exactly_the_given_keys(engine: Engine) -> None:
    """The rows with the given keys go, the others stay; the count is of rows deleted."""
    _views(engine, ("p1", 1), ("p2", 1), ("p3", 1), ("p4", 1))

    count = bulk.delete(
        ProductView, "product_id", ["p2", "p4", "p9"], using=engine.alias(ProductView)
    )

    assert count == 2
    assert sorted(engine.rows(ProductView).values_list("product_id", flat=True)) == ["p1", "p3"]


# --- update_sql ---------------------------------------------------------------------------------
def test_update_sql_updates_a_row_only_when_older(engine: Engine) -> None:
    """One row's UPDATE (fields, key, new timestamp as parameters) changes the row only if
    its timestamp is older than the new one."""
    _views(engine, ("p1", 200))
    alias = engine.alias(ProductView)
    statement = bulk.update_sql(ProductView, ("product_id",), ("name", "timestamp"), alias)

    def run(name: str, timestamp: int) -> int:
        with connections[alias].cursor() as cursor:
            cursor.execute(statement, [name, timestamp, "p1", timestamp])
            return cursor.rowcount

    assert run("same time", 200) == 0
    assert run("older", 150) == 0
    assert engine.rows(ProductView).values_list("name", "timestamp").get() == ("Name of p1", 200)
    assert run("newer", 201) == 1
    assert engine.rows(ProductView).values_list("name", "timestamp").get() == ("newer", 201)


def test_update_sql_with_a_key_of_two_fields(engine: Engine) -> None:
    """A key of several fields (a cart line's owner and product) matches on all of them."""
    alias = engine.alias(CartLine)
    engine.rows(CartLine).bulk_create(  # no save(): the cart's trigger is not involved
        CartLine(owner=owner, product_id="p1", quantity=1, timestamp=100, last_modified_by=owner)
        for owner in ("alice", "bob")
    )
    statement = bulk.update_sql(CartLine, ("owner", "product_id"), ("quantity",), alias)

    with connections[alias].cursor() as cursor:
        cursor.execute(statement, [7, "alice", "p1", 101])
        assert cursor.rowcount == 1

    assert dict(engine.rows(CartLine).values_list("owner", "quantity")) == {"alice": 7, "bob": 1}


# --- prepare ------------------------------------------------------------------------------------
def test_prepare_skips_values_stored_as_they_are(engine: Engine) -> None:
    """A value of the type its field stores, or None, is returned as it is; others are made
    what the field would save (here a 1 for a boolean field)."""
    connection = connections[engine.alias(ProductView)]
    field = ProductView._meta.get_field("name")
    with mock.patch.object(field, "get_db_prep_save", side_effect=AssertionError("called")):
        assert bulk.prepare(ProductView, "name", "Name", connection) == "Name"
        assert bulk.prepare(ProductView, "name", None, connection) is None
    assert bulk.prepare(ProductView, "deleted", 1, connection) is True
