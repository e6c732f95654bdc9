"""What only the Redis Streams hub does: consumers (worker processes) that die and are
replaced, the order of a partition across consumers, the dead-letter stream, a Redis that
forgot its groups or scripts, idempotent publishing from several processes, and the worker
feeding the shop's own listeners through it. What every hub does is in test_hub.py."""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings

from bffs.cart.models import ProductView as CartProduct
from bffs.catalog import services as catalog_services
from bffs.orders.models import ProductView as OrdersProduct
from eventhub.backends import redis_streams
from eventhub.tests.test_hub import _events, _product, open_redis_hubs
from eventhub.worker import Worker

TYPES = {"product-updated"}


@pytest.fixture
def hubs():
    with open_redis_hubs() as make:
        yield make


def _prices(batch) -> list[int]:
    return [d.envelope["product"]["price_cents"] for d in batch.deliveries]


def test_a_dead_consumers_deliveries_go_to_another_after_the_idle_time_and_not_before(hubs):
    dead = hubs(consumer="worker-1")
    dead.publish(_events(3))
    assert _prices(dead.read("cart", TYPES, 10)) == [100, 101, 102]  # and then it died

    survivor = hubs(consumer="worker-2", claim_idle_ms=500)
    assert survivor.read("cart", TYPES, 10).deliveries == []
    time.sleep(0.6)
    batch = survivor.read("cart", TYPES, 10)
    assert _prices(batch) == [100, 101, 102]
    survivor.ack("cart", batch, 3)

    assert hubs(consumer="worker-1").read("cart", TYPES, 10).deliveries == []  # restarted
    [lag] = survivor.lag([("cart", TYPES)])
    assert lag.lag == 0


def test_a_consumer_restarted_under_its_name_gets_its_unacknowledged_deliveries_first(hubs):
    crashed = hubs(consumer="worker-1")
    events = _events(3)
    crashed.publish(events[:2])
    crashed.read("cart", TYPES, 10)  # crashed before acknowledging
    crashed.publish(events[2:])

    restarted = hubs(consumer="worker-1")  # claim_idle_ms has not passed: no one else takes them
    assert _prices(restarted.read("cart", TYPES, 10)) == [100, 101, 102]


def test_a_partition_waits_while_another_consumer_holds_an_older_event_of_it(hubs):
    first, second = hubs(consumer="worker-1"), hubs(consumer="worker-2")
    kettle, pot = _events(2, "kitchen-kettle-01"), _events(1, "kitchen-pot-01")
    first.publish([*kettle, *pot])

    kettle_1 = first.read("cart", TYPES, 1)
    others = second.read("cart", TYPES, 10)
    # The kettle's second change waits for its first; the pot's change need not.
    assert [d.envelope["id"] for d in others.deliveries] == [pot[0]["id"]]
    second.ack("cart", others, 1)
    first.ack("cart", kettle_1, 1)
    assert [d.envelope["id"] for d in second.read("cart", TYPES, 10).deliveries] == [
        kettle[1]["id"]
    ]


def test_a_consumer_that_cannot_see_all_that_others_hold_waits_rather_than_overtake(
    hubs, monkeypatch
):
    monkeypatch.setattr(redis_streams, "GUARD_SCAN_PER_DELIVERY", 1)
    first, second = hubs(consumer="worker-1"), hubs(consumer="worker-2")
    first.publish([*_events(1, "kitchen-kettle-01"), *_events(1, "kitchen-pot-01")])
    first.publish(_events(1, "kitchen-pan-01"))
    held = first.read("cart", TYPES, 2)
    # One pending entry of worker-1 is scanned, not both: the pan might be behind the other.
    assert second.read("cart", TYPES, 1).deliveries == []
    first.ack("cart", held, 2)
    assert [d.envelope["partitionKey"] for d in second.read("cart", TYPES, 1).deliveries] == [
        "kitchen-pan-01"
    ]


def test_a_fault_goes_to_the_dead_letter_stream_and_the_group_moves_past_it(hubs):
    hub = hubs()
    hub.publish(_events(2))
    batch = hub.read("cart", TYPES, 1)
    poison = batch.deliveries[0]
    fault = hub.record_fault("cart", poison, "RuntimeError: cannot apply", attempts=5)

    [(_, dead)] = hub.redis.xrange(hub.dead_letter)
    assert json.loads(dead["body"]) == poison.envelope
    assert (dead["fault"], dead["group"], dead["error"], dead["attempts"]) == (
        str(fault.id),
        "cart",
        "RuntimeError: cannot apply",
        "5",
    )
    assert hub.redis.xpending(hub.stream, "cart")["pending"] == 0
    rest = hub.read("cart", TYPES, 10)
    assert _prices(rest) == [101]
    hub.ack("cart", rest, 1)
    [fault_event] = hub.tail(1, types=["fault"])
    assert fault_event["fault"]["event"] == poison.envelope

    # Resubmitted and failing again: the same fault, one more dead letter.
    hub.resubmit(fault.id)
    again = hub.read("cart", TYPES, 10)
    assert [d.fault_id for d in again.deliveries] == [fault.id]
    hub.record_fault("cart", again.deliveries[0], "RuntimeError: still not", attempts=5)
    [record] = hub.faults()
    assert (record.id, record.attempts, record.error) == (fault.id, 10, "RuntimeError: still not")
    assert hub.redis.xlen(hub.dead_letter) == 2
    assert hub.read("cart", TYPES, 10).deliveries == []


def test_a_stream_lost_with_its_groups_is_made_again_and_read_on(hubs):
    hub = hubs()
    hub.publish(_events(2))
    hub.ack("cart", hub.read("cart", TYPES, 10), 2)
    hub.redis.delete(hub.stream)  # as a Redis restarted without persistence
    hub.publish(_events(1, "kitchen-pot-01"))
    assert [d.envelope["partitionKey"] for d in hub.read("cart", TYPES, 10).deliveries] == [
        "kitchen-pot-01"
    ]


def test_a_lost_group_is_made_again_at_the_start_and_redelivers(hubs):
    hub = hubs()
    hub.publish(_events(2))
    hub.ack("cart", hub.read("cart", TYPES, 10), 2)
    hub.redis.xgroup_destroy(hub.stream, "cart")
    # At least once: everything again (listeners skip what their inbox has seen).
    assert _prices(hub.read("cart", TYPES, 10)) == [100, 101]


def test_scripts_redis_forgot_are_loaded_again(hubs):
    hub = hubs()
    hub.publish(_events(1))
    for script in (hub._publish, hub._take):
        script.sha = "0" * 40  # as after a restart or SCRIPT FLUSH
    hub.publish(_events(2)[1:])
    assert _prices(hub.read("cart", TYPES, 10)) == [100, 101]


def test_publishing_is_idempotent_across_hub_instances(hubs):
    events = _events(3)
    assert hubs(consumer="relay-1").publish(events) == 3
    assert hubs(consumer="relay-2").publish([*events, events[0]]) == 0
    assert hubs().publish([*_events(4)[3:]] * 2) == 1  # a duplicate within one batch, too
    assert [e["id"] for e in hubs().tail(10)] == [e["id"] for e in _events(4)]


@pytest.mark.django_db(databases=list(settings.DATABASES))
def test_the_worker_feeds_the_shops_listeners_through_redis(hubs):
    _product()
    catalog_services.product_update(product_id="kitchen-kettle-01", price_cents=4599, actor="admin")
    worker = Worker(hubs(), backoff_ms=1)  # every trigger and listener of the shop
    worker.drain()

    assert CartProduct.objects.get(product_id="kitchen-kettle-01").price_cents == 4599
    assert OrdersProduct.objects.get(product_id="kitchen-kettle-01").price_cents == 4599
    lag = worker.hub.lag([(listener.group, listener.types) for listener in worker.units.listeners])
    assert all(row.lag == 0 and row.faults == 0 for row in lag)
    assert worker.hub.faults() == []

    second = Worker(hubs(consumer="worker-2"), backoff_ms=1)  # another process: nothing left
    assert second.step() == 0
