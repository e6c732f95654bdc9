"""The orders BFF: placing an order is safe to replay, priced from the orders' own copy of the
catalog, refused for products out of stock, announced as order-placed, and private."""

from __future__ import annotations

import pytest
from django.test import Client

from bazaar.models import now_ms
from bffs.orders.listener import listener
from bffs.orders.models import Hold, Order, PendingEvent
from contracts.fulfilment import OrderDelivered, OrderPaid, OrderProgress, OrderShipped
from contracts.testing import order_accepted, order_rejected, product_updated
from eventhub.testing import deliver

pytestmark = pytest.mark.django_db(databases=["default", "orders"])

API = "/bff/orders/api"
SHIPPING = {
    "name": "Alice Archer",
    "address": "1 Market Street",
    "city": "Springfield",
    "postal_code": "12345",
    "country": "US",
}


def order(order_id="0b6f5a52-order-0001", lines=(("kitchen-kettle-01", 2),), **overrides):
    return {
        "id": order_id,
        "lines": [{"product_id": p, "quantity": q} for p, q in lines],
        "shipping": SHIPPING,
        "email": "alice@example.com",
        **overrides,
    }


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def catalog_copy():
    deliver(
        listener,
        product_updated(
            "kitchen-kettle-01", name="Copper Kettle", price_cents=3999, stock=5, timestamp=1_000
        ),
        product_updated(
            "books-atlas-02", name="Oak Atlas", price_cents=2500, stock=0, timestamp=1_000
        ),
    )


def place(client, who, body, key="place-0001-key"):
    return client.post(
        f"{API}/orders", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **who
    )


def test_the_same_command_five_times_with_one_key_places_one_order(client, issuer):
    alice = issuer.bearer("alice")
    responses = [place(client, alice, order()) for _ in range(5)]
    assert {r.status_code for r in responses} == {201}
    assert all(r.json() == responses[0].json() for r in responses)
    assert Order.objects.count() == 1
    assert PendingEvent.objects.filter(type="order-placed").count() == 1
    placed = responses[0].json()
    assert placed["total_cents"] == 2 * 3999 and placed["status"] == "placed"
    assert [step["status"] for step in placed["timeline"]] == ["placed"]


def test_the_same_key_with_another_order_is_refused(client, issuer):
    alice = issuer.bearer("alice")
    place(client, alice, order())
    response = place(client, alice, order(lines=(("kitchen-kettle-01", 1),)))
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_placing_needs_an_idempotency_key(client, issuer):
    response = client.post(
        f"{API}/orders", order(), content_type="application/json", **issuer.bearer()
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]


def test_a_product_out_of_stock_is_a_409_naming_it(client, issuer):
    response = place(client, issuer.bearer(), order(lines=(("books-atlas-02", 1),)))
    assert response.status_code == 409
    assert response.json()["code"] == "out_of_stock"
    assert "Oak Atlas is sold out" in response.json()["detail"]
    too_many = place(
        client, issuer.bearer(), order(lines=(("kitchen-kettle-01", 6),)), key="k-0002-xx"
    )
    assert too_many.status_code == 409 and "only 5 left" in too_many.json()["detail"]
    assert (
        not Order.objects.exists() and not PendingEvent.objects.filter(type="order-placed").exists()
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (order(lines=()), "lines"),
        (order(lines=(("kitchen-kettle-01", 0),)), "lines.0.quantity"),
        (order(shipping={**SHIPPING, "country": "usa"}), "shipping.country"),
        (order(shipping={**SHIPPING, "postal_code": ""}), "shipping.postal_code"),
        (order(email="not-an-email"), "email"),
        (order(order_id="x"), "id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, issuer, body, field):
    response = place(client, issuer.bearer(), body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_an_unknown_product_is_a_422_naming_the_line(client, issuer):
    response = place(client, issuer.bearer(), order(lines=(("kitchen-nothing-01", 1),)))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("lines.0.product_id:")


def test_bob_cannot_see_alices_orders_or_reuse_her_order_id(client, issuer):
    alice, bob = issuer.bearer("alice"), issuer.bearer("bob")
    placed = place(client, alice, order()).json()
    assert client.get(f"{API}/orders/{placed['id']}", **bob).status_code == 404
    assert client.get(f"{API}/orders", **bob).json() == {"items": [], "count": 0}
    taken = place(client, bob, order(), key="bobs-own-key-1")
    assert taken.status_code == 409
    assert client.get(f"{API}/orders/{placed['id']}", **alice).json()["id"] == placed["id"]


def _progress(event_type, status, timestamp, order_id="0b6f5a52-order-0001"):
    return event_type.create(
        partition_key=order_id,
        timestamp=timestamp,
        source="fulfilment",
        order=OrderProgress(id=order_id, owner="alice", status=status),
    )


def test_progress_events_arriving_out_of_order_end_delivered_with_a_full_timeline(client, issuer):
    alice = issuer.bearer("alice")
    placed_at = place(client, alice, order()).json()["placed_at"]
    deliver(listener, _progress(OrderDelivered, "delivered", placed_at + 3_000))
    deliver(listener, _progress(OrderPaid, "paid", placed_at + 1_000))
    deliver(listener, _progress(OrderShipped, "shipped", placed_at + 2_000))
    detail = client.get(f"{API}/orders/0b6f5a52-order-0001", **alice).json()
    assert detail["status"] == "delivered"
    assert [s["status"] for s in detail["timeline"]] == ["placed", "paid", "shipped", "delivered"]
    # Fulfilment's events are not echoed: what the orders BFF publishes besides the placing
    # is its projection of the order, one per state it went through, ending delivered.
    published = [row.envelope for row in PendingEvent.objects.order_by("created_at", "event_id")]
    assert sorted(e["type"] for e in published) == ["order-placed"] + ["order-updated"] * 4
    states = [e["order"] for e in published if e["type"] == "order-updated"]
    assert max(states, key=lambda o: len(o["timeline"]))["status"] == "delivered"
    assert {o["status"] for o in states} == {"placed", "delivered"}  # late steps fill the timeline
    last = max(states, key=lambda o: len(o["timeline"]))
    assert [s["status"] for s in last["timeline"]] == ["placed", "paid", "shipped", "delivered"]
    assert Order.objects.get().latched


def test_a_rejected_order_is_published_cancelled_with_its_reason(client, issuer):
    alice = issuer.bearer("alice")
    place(client, alice, order())
    deliver(listener, order_rejected("0b6f5a52-order-0001", owner="alice", reason="Sold out"))
    [*_, last] = [
        row.envelope["order"]
        for row in PendingEvent.objects.filter(type="order-updated").order_by("created_at")
    ]
    assert (last["status"], last["steps"], last["cancel_reason"]) == (
        "cancelled",
        ["placed", "cancelled"],
        "Sold out",
    )


def test_the_same_order_id_with_another_address_is_a_409_naming_it(client, issuer):
    alice = issuer.bearer("alice")
    assert place(client, alice, order()).status_code == 201
    moved = order(shipping={**SHIPPING, "address": "9 Other Road"})
    response = place(client, alice, moved, key="place-0002-key")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "other shipping" in response.json()["detail"]
    assert Order.objects.get().shipping["address"] == "1 Market Street"  # nothing changed
    other_email = place(client, alice, order(email="a2@example.com"), key="place-0003-key")
    assert other_email.status_code == 409 and "other email" in other_email.json()["detail"]


def test_the_same_order_id_with_the_same_details_and_a_new_key_is_the_same_order(client, issuer):
    alice = issuer.bearer("alice")
    first = place(client, alice, order())
    again = place(client, alice, order(), key="place-0004-key")
    assert again.status_code == 201 and again.json() == first.json()
    assert Order.objects.count() == 1


def test_a_hold_is_not_undone_by_a_catalog_update_that_does_not_know_the_order(client, issuer):
    alice = issuer.bearer("alice")
    assert place(client, alice, order(lines=(("kitchen-kettle-01", 3),))).status_code == 201
    # The catalog announces a change made before it heard of the order (still 5 left).
    deliver(listener, product_updated("kitchen-kettle-01", stock=5, timestamp=2_000))
    second = place(
        client, alice, order("0b6f5a52-order-0002", (("kitchen-kettle-01", 3),)), key="k-2-xxxx"
    )
    assert second.status_code == 409 and "only 2 left" in second.json()["detail"]


def test_the_catalogs_decision_lets_the_hold_go(client, issuer):
    alice = issuer.bearer("alice")
    place(client, alice, order(lines=(("kitchen-kettle-01", 3),)))
    deliver(
        listener,
        product_updated("kitchen-kettle-01", stock=2, timestamp=3_000),
        order_accepted("0b6f5a52-order-0001", lines=[("kitchen-kettle-01", 3, 3999)]),
    )
    assert not Hold.objects.exists()
    assert Order.objects.get().status == "placed"  # paid next, by fulfilment
    third = place(
        client, alice, order("0b6f5a52-order-0003", (("kitchen-kettle-01", 2),)), key="k-3-xxxx"
    )
    assert third.status_code == 201


def test_an_order_the_catalog_rejects_is_cancelled_with_its_reason_and_goes_no_further(
    client, issuer
):
    alice = issuer.bearer("alice")
    place(client, alice, order())
    deliver(listener, order_rejected("0b6f5a52-order-0001", reason="Copper Kettle is sold out"))
    deliver(
        listener,
        OrderPaid.create(
            partition_key="0b6f5a52-order-0001",
            timestamp=now_ms() + 1_000,
            source="fulfilment",
            order=OrderProgress(id="0b6f5a52-order-0001", owner="alice", status="paid"),
        ),
    )
    got = client.get(f"{API}/orders/0b6f5a52-order-0001", **alice).json()
    assert got["status"] == "cancelled"
    assert got["cancel_reason"] == "Copper Kettle is sold out"
    assert [step["status"] for step in got["timeline"]] == ["placed", "cancelled"]
    assert not Hold.objects.exists()
