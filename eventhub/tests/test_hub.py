"""The hub and its worker: at-least-once, in order, per-group positions, retries, faults and
resubmission, and a relay that can crash anywhere without losing an event. Every test of the
hub runs on both backends, the embedded SQLite one and Redis Streams (a Redis must be up at
BAZAAR_TEST_REDIS_URL: these tests fail without it, they do not skip)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis

from bffs.catalog import services as catalog_services
from bffs.catalog.models import Category, PendingEvent, Product
from bffs.catalog.trigger import trigger as catalog_trigger
from contracts.catalog import ProductUpdated
from contracts.testing import product_updated
from eventhub.backends.redis_streams import RedisStreamsHub
from eventhub.backends.sqlite import SqliteHub
from eventhub.listener import Listener
from eventhub.registry import Units
from eventhub.relay import relay
from eventhub.trigger import TriggerOutsideTransaction
from eventhub.worker import Worker

DATABASES = ["default", "catalog", "cart", "orders", "wishlist", "fulfilment"]
REDIS_URL = os.environ.get("BAZAAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextlib.contextmanager
def open_redis_hubs() -> Iterator[Callable[..., RedisStreamsHub]]:
    """Makes Redis hubs on one fresh prefix (two hubs: two worker processes sharing Redis),
    and deletes the prefix's keys afterwards."""
    prefix = f"test:{uuid.uuid4().hex}"
    made: list[RedisStreamsHub] = []

    def make(**options) -> RedisStreamsHub:
        made.append(RedisStreamsHub(REDIS_URL, prefix=prefix, **{"consumer": "test", **options}))
        return made[-1]

    try:
        make().redis.ping()
    except (redis.ConnectionError, redis.TimeoutError) as error:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({error}): start it (redis-server) or point"
            " BAZAAR_TEST_REDIS_URL at one",
            pytrace=False,
        )
    try:
        yield make
    finally:
        keys = list(made[0].redis.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            made[0].redis.delete(*keys)
        for hub in made:
            hub.close()


@pytest.fixture(params=["sqlite", "redis"])
def hub(request, tmp_path):
    if request.param == "sqlite":
        hub = SqliteHub(tmp_path / "hub.sqlite3")
        yield hub
        hub.close()
    else:
        with open_redis_hubs() as make:
            yield make()


def _head(hub) -> object:
    """The position of the newest event."""
    if isinstance(hub, SqliteHub):
        return hub._db.execute("SELECT max(seq) FROM events").fetchone()[0]
    [(entry_id, _)] = hub.redis.xrevrange(hub.stream, count=1)
    return entry_id


def _rewind(hub, group: str) -> None:
    """Move ``group`` back to the first event, as a hub that lost its acknowledgements would."""
    if isinstance(hub, SqliteHub):
        hub._db.execute("UPDATE groups SET position = 0 WHERE name = ?", (group,))
    else:
        hub.redis.xgroup_setid(hub.stream, group, "0")


def _events(n: int, product: str = "kitchen-kettle-01"):
    return [
        product_updated(product, price_cents=100 + i, timestamp=1_000 + i).to_json()
        for i in range(n)
    ]


def test_publishing_the_same_event_twice_stores_it_once(hub):
    events = _events(3)
    assert hub.publish(events) == 3
    assert hub.publish(events[1:]) == 0
    assert [e["id"] for e in hub.tail(10)] == [e["id"] for e in events]


def test_each_group_reads_in_publish_order_from_its_own_position(hub):
    hub.publish(_events(5))
    first = hub.read("cart", {"product-updated"}, limit=3)
    assert [d.envelope["product"]["price_cents"] for d in first.deliveries] == [100, 101, 102]
    hub.ack("cart", first, done=3)
    assert [
        d.envelope["product"]["price_cents"]
        for d in hub.read("cart", {"product-updated"}, 10).deliveries
    ] == [103, 104]
    # Another group has its own position: it starts from the beginning.
    assert len(hub.read("orders", {"product-updated"}, 10).deliveries) == 5


def test_an_unacknowledged_event_is_delivered_again(hub):
    hub.publish(_events(2))
    batch = hub.read("cart", {"product-updated"}, 10)
    hub.ack("cart", batch, done=1)  # the process died after applying the first one
    again = hub.read("cart", {"product-updated"}, 10)
    assert [d.envelope["id"] for d in again.deliveries] == [batch.deliveries[1].envelope["id"]]


def test_events_of_other_types_move_the_position_without_being_delivered(hub):
    hub.publish(_events(3))
    batch = hub.read("fulfilment", {"order-placed"}, 10)
    assert batch.deliveries == []
    hub.ack("fulfilment", batch, 0)
    [lag] = hub.lag([("fulfilment", {"order-placed"})])
    assert lag.lag == 0 and lag.position == _head(hub)
    assert hub.read("fulfilment", {"order-placed"}, 10).deliveries == []


class Flaky:
    """A listener handler that fails a number of times, then works; or, with ``poison``,
    fails on that price until it is fixed."""

    def __init__(self, failures: int = 0, poison: int | None = None) -> None:
        self.failures = failures
        self.poison = poison
        self.applied: list[int] = []

    def __call__(self, event) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("downstream is down")
        if event.product.price_cents == self.poison:
            raise RuntimeError("cannot apply this one")
        self.applied.append(event.product.price_cents)


def _worker(hub, handler, *, max_attempts=3, idempotent=False):
    from bffs.cart.models import HandledEvent

    listener = Listener(group="flaky", handled=HandledEvent)
    listener.on(ProductUpdated, idempotent=idempotent)(handler)
    return Worker(hub, Units(listeners=[listener]), max_attempts=max_attempts, backoff_ms=1)


@pytest.mark.django_db(databases=DATABASES)
def test_a_failing_listener_is_retried_with_backoff_and_then_succeeds(hub):
    hub.publish(_events(3))
    handler = Flaky(failures=2)
    _worker(hub, handler).drain(timeout=5)
    assert handler.applied == [100, 101, 102]
    assert hub.faults() == []


@pytest.mark.django_db(databases=DATABASES)
def test_a_poison_event_becomes_a_fault_and_can_be_resubmitted(hub):
    hub.publish(_events(3))
    handler = Flaky(poison=100)  # the first event fails every one of its 3 attempts
    worker = _worker(hub, handler)
    worker.drain(timeout=5)

    assert handler.applied == [101, 102]  # the group moved on past the poison event
    [fault] = hub.faults()
    assert (fault.group, fault.attempts, fault.type) == ("flaky", 3, "product-updated")
    assert "cannot apply this one" in fault.error
    [fault_event] = hub.tail(1, types=["fault"])
    assert fault_event["fault"]["event"]["id"] == fault.event_id
    assert fault_event["tags"]["source"] == "eventhub"

    handler.poison = None
    hub.resubmit(fault.id)  # the listener was fixed
    worker.drain(timeout=5)
    assert handler.applied == [101, 102, 100]
    assert hub.faults() == []
    assert len(hub.faults(include_resolved=True)) == 1


def test_a_fault_that_is_unknown_or_already_resolved_cannot_be_resubmitted(hub):
    hub.publish(_events(1))
    batch = hub.read("cart", {"product-updated"}, 10)
    fault = hub.record_fault("cart", batch.deliveries[0], "RuntimeError: no", attempts=1)
    with pytest.raises(KeyError):
        hub.resubmit(fault.id + 100)
    hub.resubmit(fault.id)
    hub.resubmit(fault.id)  # twice is once
    again = hub.read("cart", {"product-updated"}, 10)
    assert [d.fault_id for d in again.deliveries] == [fault.id]
    hub.ack("cart", again, 1)
    assert hub.faults() == []
    with pytest.raises(ValueError, match="already resolved"):
        hub.resubmit(fault.id)
    assert hub.read("cart", {"product-updated"}, 10).deliveries == []


def test_lag_counts_what_a_group_has_not_applied_and_its_open_faults(hub):
    hub.publish(_events(3))
    [before] = hub.lag([("cart", {"product-updated"})])
    assert before.lag == 3 and before.faults == 0
    batch = hub.read("cart", {"product-updated"}, 10)
    hub.ack("cart", batch, 1)
    hub.record_fault("cart", batch.deliveries[1], "RuntimeError: no", attempts=1)
    # The group reads on (past the fault event: Redis counts events of every type) and has
    # not applied the third yet.
    assert len(hub.read("cart", {"product-updated"}, 10).deliveries) == 1
    [after] = hub.lag([("cart", {"product-updated"})])
    assert after.lag == 1 and after.faults == 1


@pytest.mark.django_db(databases=DATABASES)
def test_a_replayed_event_is_a_no_op_for_a_listener(hub):
    handler = Flaky(failures=0)
    worker = _worker(hub, handler)
    events = _events(2)
    hub.publish(events)
    worker.drain()
    # The hub redelivers (e.g. a consumer died before acknowledging): the inbox skips them.
    _rewind(hub, "flaky")
    worker.drain()
    assert handler.applied == [100, 101]


@pytest.mark.django_db(databases=DATABASES)
def test_an_idempotent_handler_keeps_no_inbox_and_sees_a_replay(hub):
    """``idempotent=True`` (a copy whose latest timestamp wins) trades the inbox row for the
    handler's own guard: a redelivered event reaches the handler again."""
    from bffs.cart.models import HandledEvent

    handler = Flaky(failures=0)
    worker = _worker(hub, handler, idempotent=True)
    hub.publish(_events(2))
    worker.drain()
    _rewind(hub, "flaky")
    worker.drain()
    assert handler.applied == [100, 101, 100, 101]
    assert not HandledEvent.objects.filter(group="flaky").exists()


@pytest.mark.django_db(databases=DATABASES, transaction=True)
def test_a_trigger_refuses_to_emit_outside_the_state_changes_transaction():
    category = Category.objects.create(slug="kitchen", name="Kitchen", description="", color="#000")
    with pytest.raises(TriggerOutsideTransaction):
        Product.objects.create(
            id="kitchen-x",
            name="X",
            category=category,
            description="",
            price_cents=1,
            stock=1,
            rating=4,
            timestamp=1,
            last_modified_by="t",
        )
    assert not Product.objects.exists()  # refused before the write, not after it
    assert not PendingEvent.objects.exists()


def _product() -> Product:
    category = Category.objects.create(slug="kitchen", name="Kitchen", description="", color="#000")
    from django.db import transaction

    with transaction.atomic(using="catalog"):
        return Product.objects.create(
            id="kitchen-kettle-01",
            name="Copper Kettle",
            category=category,
            description="",
            price_cents=3999,
            stock=10,
            rating=4,
            timestamp=1_000,
            last_modified_by="seed",
        )


@pytest.mark.django_db(databases=DATABASES)
def test_the_event_is_written_with_the_state_change_and_published_by_the_relay(hub):
    _product()
    catalog_services.product_update(product_id="kitchen-kettle-01", price_cents=4599, actor="admin")
    assert [row.envelope["product"]["price_cents"] for row in PendingEvent.objects.all()] == [
        3999,
        4599,
    ]
    assert hub.tail(10) == []  # committed, not yet relayed
    assert relay(catalog_trigger, hub) == 2
    assert [e["product"]["price_cents"] for e in hub.tail(10)] == [3999, 4599]
    assert not PendingEvent.objects.exists()  # what is published leaves the outbox
    assert relay(catalog_trigger, hub) == 0


@pytest.mark.django_db(databases=DATABASES)
def test_a_relay_killed_between_commit_and_publish_loses_no_event(hub, monkeypatch):
    _product()

    def killed(envelopes):
        raise SystemExit("relay killed")

    with monkeypatch.context() as m:
        m.setattr(hub, "publish", killed)
        with pytest.raises(SystemExit):
            relay(catalog_trigger, hub)
    assert hub.tail(10) == []
    assert relay(catalog_trigger, hub) == 1  # after the restart
    assert len(hub.tail(10)) == 1


@pytest.mark.django_db(databases=DATABASES)
def test_a_relay_killed_between_publish_and_delete_publishes_no_duplicate(hub, monkeypatch):
    _product()
    real_publish = hub.publish

    def published_then_killed(envelopes):
        real_publish(envelopes)
        raise SystemExit("relay killed")

    with monkeypatch.context() as m:
        m.setattr(hub, "publish", published_then_killed)
        with pytest.raises(SystemExit):
            relay(catalog_trigger, hub)
    assert relay(catalog_trigger, hub) == 1  # the row was still unpublished: sent again
    assert len(hub.tail(10)) == 1  # and the hub kept one


def test_groups_can_run_in_workers_of_their_own():
    from django.core.management import CommandError, call_command

    from eventhub.registry import units

    everything = units()
    cart_only = everything.split(["cart"], relay=False)
    assert [listener.group for listener in cart_only.listeners] == ["cart"]
    assert cart_only.triggers == [] and cart_only.ticks == []
    rest = everything.split(["catalog", "live"], relay=True)
    assert {listener.group for listener in rest.listeners} == {"catalog", "live"}
    assert rest.triggers == everything.triggers and rest.ticks == everything.ticks
    with pytest.raises(ValueError, match="no listener group nope"):
        everything.split(["nope"], relay=False)
    with pytest.raises(CommandError, match="no listener group nope"):
        call_command("hub_worker", "--groups", "nope", "--drain")
