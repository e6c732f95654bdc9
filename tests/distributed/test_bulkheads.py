"""Bulkheads: one unit failing never takes another down, and nothing is lost or doubled when
it comes back: a BFF process stopped under a shopper, a listener worker killed in the middle
of 5,000 events, Redis restarted under open websockets."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from playwright.sync_api import expect

from bazaar.models import now_ms
from contracts.testing import product_updated
from eventhub.backends.redis_streams import RedisStreamsHub
from tests.distributed.conftest import Distributed
from tests.live import ARTIFACTS
from tests.storefront import in_stock_card_names

SHOTS = ARTIFACTS / "bulkheads"


def hub_of(distributed: Distributed) -> RedisStreamsHub:
    return RedisStreamsHub(url=distributed.redis.url, prefix=f"{distributed.stack.prefix}:hub")


def shell_db(distributed: Distributed) -> psycopg.Connection:
    return psycopg.connect(distributed.stack.database_url("shell"), autocommit=True)


def stock_messages(db: psycopg.Connection, prefix: str) -> list[tuple[int, str, int]]:
    """(seq, productId, stock) of the live ``stock`` messages about products ``prefix*``."""
    return db.execute(
        "SELECT seq, body->>'productId', (body->>'stock')::int FROM shell_livemessage"
        " WHERE topic = 'stock' AND body->>'productId' LIKE %s ORDER BY seq",
        (prefix + "%",),
    ).fetchall()


def cart_quantities(distributed: Distributed, product_name: str) -> dict[str, int]:
    """owner -> quantity of the cart lines holding the product named ``product_name``."""
    with psycopg.connect(distributed.stack.database_url("cart")) as db:
        rows = db.execute(
            "SELECT l.owner, l.quantity FROM cart_cartline l JOIN cart_productview p"
            " ON p.product_id = l.product_id WHERE p.name = %s AND NOT l.deleted",
            (product_name,),
        ).fetchall()
    return dict(rows)


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.browser
def test_a_stopped_cart_bff_leaves_the_rest_of_the_shop_working_and_its_commands_wait(
    distributed: Distributed, page
):
    shop, supervisor = distributed.shop, distributed.supervisor
    SHOTS.mkdir(parents=True, exist_ok=True)
    shop.sign_in(page, "/catalog", "bob")
    expect(page.get_by_test_id("cart-count")).to_have_text(re.compile(r"^\d+$"))
    before = int(page.get_by_test_id("cart-count").inner_text())
    name = in_stock_card_names(page)[0]
    lines_before = cart_quantities(distributed, name)

    supervisor.stop("bff-cart")
    try:
        # The gateway notices (its health checks) and answers for the cart: a 503 the page
        # can read, with Retry-After, instead of a refused connection.
        def gateway_says_unavailable() -> bool:
            request = urllib.request.Request(
                distributed.stack.gateway_url + "/bff/cart/api/cart",
                headers={"Origin": shop.url},
            )
            try:
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError as error:
                return (
                    error.code == 503
                    and error.headers["Access-Control-Allow-Origin"] == shop.url
                    and error.headers["Content-Type"] == "application/json"
                    and json.loads(error.read())["code"] == "unavailable"
                )
            return False

        wait_for(gateway_says_unavailable, timeout=15, what="the gateway to see the cart down")
        # The catalog (its own BFF) still browses and opens a product.
        page.get_by_test_id("product-name").filter(
            has_text=re.compile(f"^{re.escape(name)}$")
        ).click()
        expect(page.get_by_test_id("product-title")).to_have_text(name)
        # Adding to the cart: the command waits in the outbox; the badge counts it already.
        page.get_by_test_id("add-to-cart").click()
        expect(page.get_by_test_id("cart-count")).to_have_text(str(before + 1))
        expect(page.get_by_text("1 pending")).to_be_visible(timeout=15_000)
        page.screenshot(path=str(SHOTS / "cart-bff-stopped-product.png"), full_page=True)
        # Orders (their own BFF) still answer.
        page.locator(".site-nav").get_by_role("link", name="Orders").click()
        page.wait_for_url(shop.url + "/orders")
        expect(page.get_by_role("heading", name=re.compile("orders", re.I)).first).to_be_visible()
        expect(page.get_by_text("We couldn't load your orders")).to_have_count(0)
        # The cart page says its BFF cannot be reached and shows the cart it saved, with the
        # waiting line marked pending, inside the page (header and nav stay).
        page.goto(shop.url + "/cart")
        expect(page.locator(".site-nav")).to_be_visible()
        expect(page.get_by_test_id("stale-notice")).to_contain_text(
            "Part of the shop could not be reached", timeout=20_000
        )
        expect(page.get_by_test_id("cart-line").filter(has_text=name)).to_contain_text("Pending")
        page.screenshot(path=str(SHOTS / "cart-bff-stopped-cart.png"), full_page=True)
    finally:
        supervisor.start("bff-cart")

    # Back: the outbox flushes by itself (its retry timer), exactly once.
    expect(page.get_by_text("1 pending")).to_have_count(0, timeout=45_000)
    page.goto(shop.url + "/cart")
    line = page.get_by_test_id("cart-line").filter(has_text=name)
    expect(line).to_have_count(1, timeout=15_000)
    expect(line.get_by_test_id("cart-quantity")).to_have_value("1")
    # One new line of one in the cart's own database, whatever the retries while it was down.
    lines_after = cart_quantities(distributed, name)
    changed = {o: q for o, q in lines_after.items() if lines_before.get(o) != q}
    assert list(changed.values()) == [1], (lines_before, lines_after)
    page.screenshot(path=str(SHOTS / "cart-bff-back.png"), full_page=True)
    assert page.console_errors == []


def test_a_listener_worker_killed_in_the_middle_of_5000_events_applies_each_exactly_once(
    distributed: Distributed,
):
    stack, supervisor = distributed.stack, distributed.supervisor
    prefix = f"killed-{now_ms()}-"
    start = now_ms()
    events = [
        product_updated(f"{prefix}{n % 50:02d}", stock=n, timestamp=start + n).to_json()
        for n in range(5000)
    ]
    hub = hub_of(distributed)
    try:
        for first in range(0, len(events), 500):
            hub.publish(events[first : first + 500])
    finally:
        hub.close()
    with shell_db(distributed) as db:
        # Kill the live-update worker (SIGKILL: no clean-up) once it is well into them.
        wait_for(lambda: len(stock_messages(db, prefix)) >= 1000, timeout=120, what="1,000 applied")
        supervisor.stop("worker-live", kill=True)
        killed_at = len(stock_messages(db, prefix))
        assert killed_at < 5000, "the worker finished before it could be killed"
        # Another consumer takes over: what the dead one held is reclaimed after it idled.
        supervisor.start("worker-live", unit=stack.worker_unit("live", consumer="live-worker-2"))
        wait_for(lambda: len(stock_messages(db, prefix)) >= 5000, timeout=180, what="5,000 applied")
        time.sleep(4)  # anything doubled (a reclaimed delivery applied twice) shows by now
        messages = stock_messages(db, prefix)
        handled = db.execute(
            "SELECT count(*) FROM shell_handledliveevent WHERE event_id = ANY(%s)",
            ([e["id"] for e in events],),
        ).fetchone()[0]
    assert len(messages) == 5000  # one live message per event: none missed, none doubled
    assert sorted(stock for _, _, stock in messages) == list(range(5000))
    assert handled == 5000
    # In order per partition key: each product's messages follow its events' order.
    by_product: dict[str, list[int]] = {}
    for _, product, stock in messages:
        by_product.setdefault(product, []).append(stock)
    assert all(stocks == sorted(stocks) for stocks in by_product.values())


@pytest.mark.browser
def test_websocket_clients_reconnect_after_redis_restarts_and_miss_nothing(
    distributed: Distributed, page
):
    shop = distributed.shop
    page.goto(shop.url + "/")
    expect(page.get_by_text("Live", exact=True)).to_be_visible(timeout=15_000)
    page.evaluate(
        """async () => {
            const { live } = await import("@bazaar/platform");
            window.__stock = [];
            live.subscribe("stock", (message) => window.__stock.push(message));
        }"""
    )
    prefix = f"restart-{now_ms()}-"

    def publish(first: int, count: int) -> None:
        hub = hub_of(distributed)
        try:
            hub.publish(
                [
                    product_updated(f"{prefix}{n:03d}", stock=n).to_json()
                    for n in range(first, first + count)
                ]
            )
        finally:
            hub.close()

    def received() -> list[int]:
        messages = page.evaluate("window.__stock")
        return [m["stock"] for m in messages if m["productId"].startswith(prefix)]

    publish(0, 10)
    wait_for(lambda: len(received()) == 10, timeout=30, what="the first ten messages")
    distributed.redis.restart(down_seconds=2)
    publish(10, 10)
    wait_for(lambda: len(received()) >= 20, timeout=60, what="the ten after the restart")
    expect(page.get_by_text("Live", exact=True)).to_be_visible(timeout=30_000)
    assert received() == list(range(20))
    seqs = [m["seq"] for m in page.evaluate("window.__stock")]
    assert seqs == sorted(set(seqs))  # no seq twice, none out of order
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # and none skipped
