"""The catalog is the authority for stock: concurrent buyers of the last units, against a real
shop (daphne, the orders and catalog BFFs, a hub worker process, the real provider's tokens),
on both hub backends. Exactly ``stock`` orders go ahead (paid, shipped, delivered); every
other one is refused when placed or ends ``cancelled`` with the catalog's reason, never paid;
the stock ends at zero, neither below it nor clamped to it."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
import requests

from tests.live import start_server

STOCK = 3
BUYERS = ["alice", "bob", "admin"] * 2  # six clients, two per account
SETTLE_SECONDS = 60
SHIPPING = {
    "name": "Test Buyer",
    "address": "1 Market Street",
    "city": "Springfield",
    "postal_code": "12345",
    "country": "US",
}


@pytest.fixture(scope="module", params=["embedded", "redis-streams"])
def shop(request, tmp_path_factory):
    """The shop with its hub worker as a process of its own (so a test can pause it, as a
    lagging worker would be), on the embedded SQLite hub or on Redis Streams."""
    prefix = f"test-oversell-{uuid.uuid4().hex[:8]}"
    hub = {"BAZAAR_HUB_URL": "redis://127.0.0.1:6379/0", "BAZAAR_HUB_PREFIX": prefix}
    server = start_server(
        tmp_path_factory,
        BAZAAR_HUB_WORKER="off",
        BAZAAR_FULFILMENT_DELAYS="0.5,0.5,0.5",
        **(hub if request.param == "redis-streams" else {}),
    )
    drained = server.manage("hub_worker", "--drain")  # the seed's events: every copy filled
    assert drained.returncode == 0, drained.stderr
    log = open(server.data_dir / "hub-worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "hub_worker"],
        cwd=server.root,
        env={**server.env, "DJANGO_SETTINGS_MODULE": "shell.settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.hub_worker = worker
    server.tokens = {name: server.access_token(name) for name in set(BUYERS)}
    yield server
    worker.terminate()
    worker.wait(timeout=10)
    log.close()
    server.stop()
    if request.param == "redis-streams":
        client = redis.Redis()
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


def bff(shop, method: str, path: str, token: str, body: dict | None = None, **headers):
    return requests.request(
        method,
        f"{shop.url}/bff/{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=30,
    )


def a_product_with_stock_to_spare(shop) -> str:
    page = requests.get(f"{shop.url}/bff/catalog/api/products?page_size=100", timeout=10).json()
    return next(p["id"] for p in page["items"] if p["stock"] >= 10)


def set_stock(shop, product_id: str, stock: int) -> None:
    answer = bff(
        shop, "PATCH", f"catalog/api/products/{product_id}", shop.tokens["admin"], {"stock": stock}
    )
    assert answer.status_code == 200, answer.text


def place(shop, buyer: str, product_id: str) -> tuple[str, str, requests.Response]:
    order_id = str(uuid.uuid4())
    answer = bff(
        shop,
        "POST",
        "orders/api/orders",
        shop.tokens[buyer],
        {
            "id": order_id,
            "lines": [{"product_id": product_id, "quantity": 1}],
            "shipping": SHIPPING,
            "email": f"{buyer}@example.com",
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    return buyer, order_id, answer


def settled(shop, placed: list[tuple[str, str]]) -> dict[str, dict]:
    """Each order once the catalog has decided it and fulfilment is done with it."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        orders = {
            order_id: bff(shop, "GET", f"orders/api/orders/{order_id}", shop.tokens[buyer]).json()
            for buyer, order_id in placed
        }
        if all(o["status"] in ("delivered", "cancelled") for o in orders.values()):
            return orders
        assert time.monotonic() < deadline, {k: o["status"] for k, o in orders.items()}
        time.sleep(0.5)


def catalog_stock(shop, product_id: str) -> int:
    return requests.get(f"{shop.url}/bff/catalog/api/products/{product_id}", timeout=10).json()[
        "stock"
    ]


def assert_exactly_the_stock_went_ahead(shop, product_id: str, orders: dict[str, dict]) -> None:
    ahead = [o for o in orders.values() if o["status"] == "delivered"]
    cancelled = [o for o in orders.values() if o["status"] == "cancelled"]
    assert len(ahead) + len(cancelled) == len(orders)
    assert len(ahead) == STOCK, {k: o["status"] for k, o in orders.items()}
    for order in cancelled:
        assert order["cancel_reason"].endswith("is sold out"), order
        assert [step["status"] for step in order["timeline"]] == ["placed", "cancelled"]
    assert catalog_stock(shop, product_id) == 0


def test_orders_a_lagging_shop_accepted_for_units_already_gone_are_cancelled(shop):
    """The orders BFF's copy still says plenty (its hub worker is paused) when the catalog
    has only three left: it takes all six orders, and the catalog decides."""
    product_id = a_product_with_stock_to_spare(shop)
    os.kill(shop.hub_worker.pid, signal.SIGSTOP)
    try:
        set_stock(shop, product_id, STOCK)
        with concurrent.futures.ThreadPoolExecutor(len(BUYERS)) as pool:
            answers = list(pool.map(lambda buyer: place(shop, buyer, product_id), BUYERS))
    finally:
        os.kill(shop.hub_worker.pid, signal.SIGCONT)
    assert [answer.status_code for _, _, answer in answers] == [201] * len(BUYERS)
    orders = settled(shop, [(buyer, order_id) for buyer, order_id, _ in answers])
    assert_exactly_the_stock_went_ahead(shop, product_id, orders)


def test_buyers_racing_for_the_last_units_for_seconds_never_oversell(shop):
    """The issue's reproduction: stock 3, clients placing 1-unit orders concurrently for
    seconds while the hub delivers the catalog's updates to the orders BFF."""
    product_id = a_product_with_stock_to_spare(shop)
    set_stock(shop, product_id, STOCK)
    deadline = time.monotonic() + 4

    def buy(buyer: str) -> list[tuple[str, str, requests.Response]]:
        made = []
        while time.monotonic() < deadline:
            made.append(place(shop, buyer, product_id))
        return made

    with concurrent.futures.ThreadPoolExecutor(len(BUYERS)) as pool:
        answers = [a for made in pool.map(buy, BUYERS) for a in made]
    placed = [(buyer, order_id) for buyer, order_id, answer in answers if answer.status_code == 201]
    refused = [answer for _, _, answer in answers if answer.status_code != 201]
    assert len(answers) > 2 * len(BUYERS)  # they really kept trying
    assert all(a.status_code == 409 and a.json()["code"] == "out_of_stock" for a in refused)
    assert_exactly_the_stock_went_ahead(shop, product_id, settled(shop, placed))
