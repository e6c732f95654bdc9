"""The storefront's event flow end to end through the real hub and worker: the catalog's
products reach the cart and orders, an order takes stock, empties the cart and is fulfilled."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from bffs.catalog.models import Category, Product
from eventhub.backends.sqlite import SqliteHub
from eventhub.worker import Worker

pytestmark = pytest.mark.django_db(databases=list(settings.DATABASES), transaction=True)


@pytest.fixture
def worker(tmp_path, settings):
    settings.BAZAAR_FULFILMENT_DELAYS = [0, 0, 0]
    hub = SqliteHub(tmp_path / "hub.sqlite3")
    yield Worker(hub, backoff_ms=1)
    hub.close()


def test_an_order_flows_from_cart_to_delivered(worker, issuer):
    category = Category.objects.create(slug="kitchen", name="Kitchen", description="", color="#000")
    with transaction.atomic(using="catalog"):
        for n, stock in ((1, 5), (2, 1)):
            Product.objects.create(
                id=f"kitchen-pot-0{n}",
                name=f"Pot {n}",
                category=category,
                description="",
                price_cents=1000 * n,
                stock=stock,
                rating=4,
                timestamp=1_000,
                last_modified_by="seed",
            )
    worker.drain()

    client, alice = Client(HTTP_HOST="127.0.0.1"), issuer.bearer("alice")
    for product_id, quantity in (("kitchen-pot-01", 2), ("kitchen-pot-02", 1)):
        client.post(
            "/bff/cart/api/cart/items",
            {"product_id": product_id, "quantity": quantity},
            content_type="application/json",
            **alice,
        )
    cart = client.get("/bff/cart/api/cart", **alice).json()
    assert (cart["count"], cart["subtotal_cents"]) == (3, 4000)

    placed = client.post(
        "/bff/orders/api/orders",
        {
            "id": "flow-order-0001",
            "lines": [
                {"product_id": i["product_id"], "quantity": i["quantity"]} for i in cart["items"]
            ],
            "shipping": {
                "name": "Alice",
                "address": "1 Main St",
                "city": "Town",
                "postal_code": "12345",
                "country": "US",
            },
            "email": "alice@example.com",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="flow-key-0001",
        **alice,
    )
    assert placed.status_code == 201, placed.json()
    worker.drain()
    worker.drain()  # fulfilment's steps are due at once with zero delays

    assert dict(Product.objects.values_list("id", "stock")) == {
        "kitchen-pot-01": 3,
        "kitchen-pot-02": 0,
    }
    assert client.get("/bff/cart/api/cart", **alice).json()["count"] == 0
    order = client.get("/bff/orders/api/orders/flow-order-0001", **alice).json()
    assert order["status"] == "delivered"
    assert [s["status"] for s in order["timeline"]] == ["placed", "paid", "shipped", "delivered"]

    # The sold-out product reached the orders' copy of the catalog: a second order is refused.
    again = client.post(
        "/bff/orders/api/orders",
        {
            "id": "flow-order-0002",
            "lines": [{"product_id": "kitchen-pot-02", "quantity": 1}],
            "shipping": {
                "name": "Alice",
                "address": "1 Main St",
                "city": "Town",
                "postal_code": "12345",
                "country": "US",
            },
            "email": "alice@example.com",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="flow-key-0002",
        **alice,
    )
    assert again.status_code == 409
    lag = worker.hub.lag([(x.group, x.types) for x in worker.units.listeners])
    assert all(row.lag == 0 and row.faults == 0 for row in lag)
