"""The cart BFF: a shopper's own cart, priced from the cart's copy of the catalog, with
commands that are safe to replay."""

from __future__ import annotations

import pytest
from django.test import Client

from bffs.cart.listener import listener
from bffs.cart.models import PendingEvent
from contracts.testing import order_placed, product_updated
from eventhub.testing import deliver

pytestmark = pytest.mark.django_db(databases=["default", "cart"])

API = "/bff/cart/api"


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def catalog_copy():
    deliver(
        listener,
        product_updated(
            "kitchen-kettle-01", name="Copper Kettle", price_cents=3999, timestamp=1_000
        ),
        product_updated("books-atlas-02", name="Oak Atlas", price_cents=2500, timestamp=1_000),
    )


def add(client, who, product_id="kitchen-kettle-01", quantity=1, **headers):
    return client.post(
        f"{API}/cart/items",
        {"product_id": product_id, "quantity": quantity},
        content_type="application/json",
        **who,
        **headers,
    )


def test_a_shopper_adds_changes_and_removes_lines(client, issuer):
    alice = issuer.bearer("alice")
    add(client, alice, quantity=2)
    cart = add(client, alice, "books-atlas-02").json()
    assert cart["count"] == 3
    assert cart["subtotal_cents"] == 2 * 3999 + 2500
    assert cart["subtotal_display"] == "$104.98"
    assert [i["name"] for i in cart["items"]] == ["Copper Kettle", "Oak Atlas"]

    cart = client.put(
        f"{API}/cart/items/books-atlas-02",
        {"quantity": 4},
        content_type="application/json",
        **alice,
    ).json()
    assert cart["count"] == 6
    cart = client.delete(f"{API}/cart/items/kitchen-kettle-01", **alice).json()
    assert [(i["product_id"], i["quantity"]) for i in cart["items"]] == [("books-atlas-02", 4)]
    assert client.delete(f"{API}/cart/items/kitchen-kettle-01", **alice).status_code == 200


def test_an_add_replayed_with_its_idempotency_key_adds_once(client, issuer):
    alice = issuer.bearer("alice")
    first = add(client, alice, quantity=2, HTTP_IDEMPOTENCY_KEY="add-kettle-0001")
    for _ in range(4):
        again = add(client, alice, quantity=2, HTTP_IDEMPOTENCY_KEY="add-kettle-0001")
        assert again.json() == first.json()
    assert client.get(f"{API}/cart", **alice).json()["count"] == 2
    reused = add(client, alice, "books-atlas-02", HTTP_IDEMPOTENCY_KEY="add-kettle-0001")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"product_id": "Not An Id", "quantity": 1}, "product_id"),
        ({"product_id": "kitchen-kettle-01", "quantity": 0}, "quantity"),
        ({"product_id": "kitchen-kettle-01", "quantity": 100}, "quantity"),
        ({"quantity": 1}, "product_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, issuer, body, field):
    response = client.post(
        f"{API}/cart/items", body, content_type="application/json", **issuer.bearer()
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_product_the_catalog_never_announced_is_refused(client, issuer):
    response = add(client, issuer.bearer(), "kitchen-unknown-09")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("product_id:")


def test_bob_cannot_see_or_change_alices_cart(client, issuer):
    alice, bob = issuer.bearer("alice"), issuer.bearer("bob")
    add(client, alice, quantity=3)
    assert client.get(f"{API}/cart", **bob).json()["count"] == 0
    missing = client.put(
        f"{API}/cart/items/kitchen-kettle-01",
        {"quantity": 1},
        content_type="application/json",
        **bob,
    )
    assert missing.status_code == 404
    client.delete(f"{API}/cart/items/kitchen-kettle-01", **bob)
    assert client.get(f"{API}/cart", **alice).json()["count"] == 3


def test_the_cart_needs_a_shoppers_token(client, issuer):
    assert client.get(f"{API}/cart").status_code == 401
    assert client.get(f"{API}/cart", **issuer.bearer(roles=("admin",))).status_code == 403


def test_an_older_product_update_arriving_late_leaves_the_newer_price(client, issuer):
    alice = issuer.bearer("alice")
    add(client, alice)
    newer = product_updated(
        "kitchen-kettle-01", name="Copper Kettle", price_cents=4599, timestamp=3_000
    )
    older = product_updated(
        "kitchen-kettle-01", name="Copper Kettle", price_cents=2999, timestamp=2_000
    )
    deliver(listener, newer)
    deliver(listener, older)
    deliver(listener, newer)  # and a replay changes nothing either
    [line] = client.get(f"{API}/cart", **alice).json()["items"]
    assert line["price_cents"] == 4599


def test_a_placed_order_empties_its_lines_and_the_cart_announces_checkout(client, issuer):
    alice = issuer.bearer("alice")
    add(client, alice, quantity=2)
    add(client, alice, "books-atlas-02")
    event = order_placed("order-0001", owner="alice", lines=[("kitchen-kettle-01", 2, 3999)])
    deliver(listener, event)
    deliver(listener, event)  # delivered twice: applied once
    cart = client.get(f"{API}/cart", **alice).json()
    assert [(i["product_id"], i["quantity"]) for i in cart["items"]] == [("books-atlas-02", 1)]
    [checked_out] = PendingEvent.objects.filter(type="cart-checked-out")
    assert checked_out.envelope["cart"]["order_id"] == "order-0001"
    assert checked_out.envelope["tags"]["source"] == "cart"


def test_a_cart_query_answers_304_when_nothing_changed(client, issuer):
    alice = issuer.bearer("alice")
    add(client, alice)
    etag = client.get(f"{API}/cart", **alice)["ETag"]
    assert client.get(f"{API}/cart", HTTP_IF_NONE_MATCH=etag, **alice).status_code == 304


def test_every_change_a_shopper_makes_is_announced_with_the_new_count(client, issuer):
    alice = issuer.bearer("alice")
    add(client, alice, quantity=2)
    add(client, alice, "books-atlas-02")
    client.put(
        f"{API}/cart/items/books-atlas-02",
        {"quantity": 3},
        content_type="application/json",
        **alice,
    )
    client.delete(f"{API}/cart/items/kitchen-kettle-01", **alice)
    updates = [row.envelope["cart"] for row in PendingEvent.objects.filter(type="cart-updated")]
    assert [(u["product_id"], u["quantity"], u["count"]) for u in updates] == [
        ("kitchen-kettle-01", 2, 2),
        ("books-atlas-02", 1, 3),
        ("books-atlas-02", 3, 5),
        ("kitchen-kettle-01", 0, 3),
    ]
    assert {u["owner"] for u in updates} == {"alice"}
