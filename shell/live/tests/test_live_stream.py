"""What reaches the live stream: the hub's events as typed messages on the right topics, new
registry revisions, and the long-polling fallback with the websocket's resume semantics."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from contracts.cart import CartCheckedOut, CheckedOutCart
from contracts.testing import order_updated, product_updated
from eventhub.testing import deliver
from shell.live import log
from shell.live.listener import listener
from shell.live.messages import StockLevel, json_schema
from shell.live.models import LiveMessage

pytestmark = pytest.mark.django_db


def bodies(topic: str) -> list[dict]:
    return [m.body for m in LiveMessage.objects.filter(topic=topic)]


def test_the_orders_projection_becomes_order_status_messages_on_the_owners_topic():
    placed = order_updated("o-1", status="placed", timeline={"placed": 1_000})
    paid = order_updated("o-1", status="paid", timeline={"placed": 1_000, "paid": 2_000})
    deliver(listener, placed, paid)
    deliver(listener, placed)  # redelivered: no second message
    messages = bodies("orders:alice-sub")
    assert [(b["seq"], b["type"], b["status"]) for b in messages] == [
        (1, "order-status", "placed"),
        (2, "order-status", "paid"),
    ]
    assert messages[1]["steps"] == ["placed", "paid", "shipped", "delivered"]
    assert messages[1]["timeline"] == [
        {"status": "placed", "at": 1_000},
        {"status": "paid", "at": 2_000},
    ]


def test_a_cancelled_order_comes_with_its_reason_and_its_short_way():
    cancelled = order_updated(
        "o-2",
        status="cancelled",
        timeline={"placed": 1_000, "cancelled": 1_500},
        cancel_reason="Oak Atlas is sold out",
    )
    deliver(listener, cancelled)
    [body] = bodies("orders:alice-sub")
    assert (body["status"], body["reason"], body["steps"]) == (
        "cancelled",
        "Oak Atlas is sold out",
        ["placed", "cancelled"],
    )


def test_the_live_push_follows_the_orders_projection_not_the_events_it_is_made_of():
    """The merge of fulfilment's and the catalog's events into an order is the orders BFF's
    (its projection), never re-derived here or in the browser."""
    raw = {"order-placed", "order-paid", "order-shipped", "order-delivered", "order-rejected"}
    assert "order-updated" in listener.types
    assert not raw & listener.types


def test_product_updates_become_stock_levels_for_everyone():
    deliver(
        listener,
        product_updated("kitchen-kettle-01", stock=3),
        product_updated("x-1", stock=0, deleted=True),
    )
    assert [(b["productId"], b["stock"]) for b in bodies("stock")] == [
        ("kitchen-kettle-01", 3),
        ("x-1", 0),
    ]


def test_a_checked_out_cart_tells_the_owners_other_tabs():
    event = CartCheckedOut.create(
        partition_key="alice-sub",
        timestamp=5,
        source="cart",
        cart=CheckedOutCart(owner="alice-sub", order_id="o-1", lines=[]),
    )
    deliver(listener, event)
    [body] = bodies("cart:alice-sub")
    assert (body["reason"], body["orderId"]) == ("checked-out", "o-1")


def test_the_log_keeps_only_the_newest_messages_per_topic(settings):
    settings.BAZAAR_LIVE_LOG_SIZE = 4
    for i in range(10):
        log.append("stock", StockLevel, at=i, productId="p", stock=i, priceCents=1)
    missed, complete = log.since("stock", 0)
    assert [b["seq"] for b in missed] == [7, 8, 9, 10] and not complete
    assert [b["seq"] for b in log.since("stock", 6)[0]] == [7, 8, 9, 10]
    assert log.since("stock", 6)[1] is True


def test_old_rows_are_deleted_in_bulk_as_the_log_grows(settings):
    settings.BAZAAR_LIVE_LOG_SIZE = 4
    for i in range(log.TRIM_EVERY):
        log.append("stock", StockLevel, at=i, productId="p", stock=i, priceCents=1)
    assert [b["seq"] for b in bodies("stock")] == [47, 48, 49, 50]


def test_a_new_registry_revision_is_announced(settings, tmp_path):
    from shell.registry.bundles import bundle_from_data
    from shell.registry.services import release_deploy
    from shell.testing.factories import files, manifest

    revision = release_deploy(bundles=[bundle_from_data(manifest(), files())], actor="ci")
    [body] = bodies("registry")
    assert (body["type"], body["revision"]) == ("revision-changed", revision.number)


def test_the_schema_document_lists_every_message_type():
    document = Client().get("/live/schema.json").json()
    assert set(document["server"]) == {
        "hello",
        "subscribed",
        "unsubscribed",
        "resync",
        "error",
        "order-status",
        "stock-level",
        "cart-changed",
        "revision-changed",
    }
    assert document["server"]["stock-level"]["additionalProperties"] is False
    assert document == json.loads(json.dumps(json_schema()))


# --- long polling ------------------------------------------------------------------------------
def poll(client, *topics, wait=0):
    query = "&".join(f"topic={t}" for t in topics)
    return client.get(f"/live/poll?{query}&wait={wait}")


def test_a_poll_without_a_position_answers_the_heads_at_once():
    log.append("stock", StockLevel, at=1, productId="p", stock=1, priceCents=1)
    response = poll(Client(), "stock")
    assert response.json() == {"messages": [], "cursor": {"stock": 1}}


def test_a_poll_returns_what_was_missed_and_the_next_cursor():
    for i in range(3):
        log.append("stock", StockLevel, at=i, productId="p", stock=i, priceCents=1)
    body = poll(Client(), "stock@1").json()
    assert [m["seq"] for m in body["messages"]] == [2, 3]
    assert body["cursor"] == {"stock": 3}
    assert poll(Client(), "stock@3").json() == {"messages": [], "cursor": {"stock": 3}}


def test_a_poll_older_than_the_log_is_told_to_refetch(settings):
    settings.BAZAAR_LIVE_LOG_SIZE = 2
    for i in range(5):
        log.append("stock", StockLevel, at=i, productId="p", stock=i, priceCents=1)
    [resync] = poll(Client(), "stock@0").json()["messages"]
    assert (resync["type"], resync["seq"]) == ("resync", 5)


def test_polling_someone_elses_topic_or_a_private_one_signed_out_is_refused():
    assert poll(Client(), "orders:me").status_code == 401
    user = get_user_model().objects.create_user("oidc:alice-sub")
    client = Client()
    client.force_login(user, backend="shell.identity.oidc.OIDCBackend")
    assert poll(client, "orders:bob-sub@0").status_code == 403
    assert poll(client, "orders:me@0").status_code == 200


def test_a_poll_from_a_page_of_another_account_gets_nothing_private():
    """Alice's page left open after Bob signed in on the device: its polls name Alice."""
    bob = get_user_model().objects.create_user("oidc:bob-sub")
    client = Client()
    client.force_login(bob, backend="shell.identity.oidc.OIDCBackend")
    alices_page = client.get(
        "/live/poll", {"topic": "orders:me@0", "wait": 0, "account": "oidc:alice-sub"}
    )
    assert alices_page.status_code == 401 and alices_page.json()["code"] == "sign_in_required"
    public = client.get("/live/poll", {"topic": "stock@0", "wait": 0, "account": "oidc:alice-sub"})
    assert public.status_code == 200
    bobs_page = client.get(
        "/live/poll", {"topic": "orders:me@0", "wait": 0, "account": "oidc:bob-sub"}
    )
    assert bobs_page.status_code == 200


@pytest.mark.parametrize(
    "query", ["", "topic=everything", "topic=stock@x", "topic=stock@1&wait=abc"]
)
def test_a_bad_poll_is_a_400_naming_the_problem(query):
    response = Client().get(f"/live/poll?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request" and response.json()["detail"]
