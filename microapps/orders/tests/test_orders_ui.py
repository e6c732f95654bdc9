"""A shopper follows their orders in a real Chromium: the history, one order's timeline while
the fulfilment worker moves it along (live "order-status" messages, no polling; unsubscribed
when the page is left), and an order that is not theirs. The orders BFF and the live websocket
are faked with Playwright routes."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.live import sign_in_on_provider_form

pytestmark = pytest.mark.browser

ORDER_ID = "3f2b9c1e-8d4a-4b7e-9c21-5a6f0e7d8c9b"
PLACED_AT = 1_700_000_000_000
STATUSES = ["placed", "paid", "shipped", "delivered"]
IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E"


def order(status: str, order_id: str = ORDER_ID) -> dict:
    reached = STATUSES[: STATUSES.index(status) + 1]
    return {
        "id": order_id,
        "status": status,
        "placed_at": PLACED_AT,
        "currency": "USD",
        "lines": [
            {
                "product_id": "oak-bowl",
                "name": "Oak Bowl",
                "image_url": IMAGE,
                "quantity": 2,
                "price_cents": 2450,
                "price_display": "$24.50",
                "line_total_cents": 4900,
                "line_total_display": "$49.00",
            }
        ],
        "total_cents": 4900,
        "total_display": "$49.00",
        "shipping": {
            "name": "Ada Admin",
            "address": "1 Analytical Row",
            "city": "London",
            "postal_code": "N1 9GU",
            "country": "GB",
        },
        "email": "ada@example.com",
        "steps": STATUSES,
        "timeline": [{"status": s, "at": PLACED_AT + i * 1000} for i, s in enumerate(reached)],
    }


class FakeOrdersBff:
    """GET /orders/<ORDER_ID> answers the next status of `statuses` (then the last one again)."""

    def __init__(self, statuses=("placed",), history=()):
        self.statuses = list(statuses)
        self.history = list(history)
        self.detail_requests = 0

    def handle(self, route: Route) -> None:
        path = route.request.url.split("/bff/orders/api", 1)[1]
        if path == "/orders":
            route.fulfill(json={"items": self.history, "count": len(self.history)})
        elif path == f"/orders/{ORDER_ID}":
            self.detail_requests += 1
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
            route.fulfill(json=order(status))
        else:
            route.fulfill(status=404, json={"detail": "no such order", "code": "not_found"})


def open_orders(page: Page, bazaar, fake: FakeOrdersBff, path: str) -> None:
    page.route("**/bff/orders/api/**", fake.handle)
    page.goto(bazaar.url + path)
    sign_in_on_provider_form(page, "admin", "admin-password")
    page.wait_for_url(bazaar.url + path)


def test_the_history_lists_orders_that_link_to_their_page(bazaar, page):
    fake = FakeOrdersBff(
        history=[order("shipped"), order("delivered", "a1b2c3d4-0000-4000-8000-000000000000")]
    )
    open_orders(page, bazaar, fake, "/orders")
    rows = page.get_by_test_id("order-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Order #3F2B9C1E")
    expect(rows.first).to_contain_text("2 items")
    expect(rows.first.get_by_test_id("order-row-total")).to_have_text("$49.00")
    expect(rows.get_by_test_id("order-status-pill")).to_have_text(["shipped", "delivered"])
    expect(rows.first).to_have_attribute("href", f"/orders/{ORDER_ID}")
    rows.first.click()
    page.wait_for_url(f"**/orders/{ORDER_ID}")
    expect(page.get_by_test_id("order-title")).to_have_text("Order #3F2B9C1E")
    assert page.console_errors == []


def test_no_orders_yet_shows_the_empty_state(bazaar, page):
    open_orders(page, bazaar, FakeOrdersBff(), "/orders")
    expect(page.get_by_test_id("orders-empty")).to_contain_text("No orders yet")


class FakeLive:
    """The shell's live websocket, answered here: hello, subscribed, then what a test pushes."""

    def __init__(self):
        self.socket = None
        self.received: list[dict] = []
        self.seq = 0

    def handle(self, socket) -> None:
        self.socket = socket
        socket.on_message(self._receive)
        topics = ["stock", "registry", "orders:me", "cart:me"]
        socket.send(
            json.dumps({"type": "hello", "signedIn": True, "user": "Ada", "topics": topics})
        )

    def _receive(self, raw) -> None:
        message = json.loads(raw)
        self.received.append(message)
        if message["type"] == "subscribe":
            reply = {"type": "subscribed", "topic": message["topic"], "seq": self.seq}
            self.socket.send(json.dumps(reply))

    def order_status(self, status: str, at: int) -> None:
        """The orders BFF's projection of the order at ``status`` (reached at ``at``), as the
        live push sends it."""
        self.seq += 1
        reached = STATUSES[: STATUSES.index(status) + 1]
        timeline = [{"status": s, "at": PLACED_AT + i * 60_000} for i, s in enumerate(reached)]
        timeline[-1]["at"] = at
        message = {"type": "order-status", "topic": "orders:me", "seq": self.seq, "at": at}
        projection = {"orderId": ORDER_ID, "status": status, "steps": STATUSES}
        self.socket.send(json.dumps({**message, **projection, "timeline": timeline}))

    def topics(self, kind: str) -> list[str]:
        return [m["topic"] for m in self.received if m["type"] == kind]


def open_with_live(page: Page, bazaar, fake: FakeOrdersBff, path: str) -> FakeLive:
    live = FakeLive()
    page.route_web_socket(re.compile(r"/ws/live/"), live.handle)
    open_orders(page, bazaar, fake, path)
    return live


def test_the_order_page_follows_live_status_messages_without_asking_again(bazaar, page):
    fake = FakeOrdersBff(statuses=["placed"])
    live = open_with_live(page, bazaar, fake, f"/orders/{ORDER_ID}")
    status = page.get_by_test_id("order-status")
    expect(status).to_have_attribute("data-status", "placed")
    steps = page.get_by_test_id("timeline-step")
    expect(steps).to_have_count(4)
    expect(page.locator("[data-testid=timeline-step][data-done=true]")).to_have_count(1)
    expect(page.locator("[aria-current=step]")).to_have_attribute("data-status", "placed")
    page.wait_for_function(
        "() => document.querySelector('[data-live-status]').dataset.state === 'live'"
    )
    assert "orders:me" in live.topics("subscribe")

    for i, step in enumerate(["paid", "shipped", "delivered"], start=1):
        live.order_status(step, PLACED_AT + i * 60_000)
        expect(status).to_have_attribute("data-status", step)
    assert status.text_content() == "delivered"
    expect(page.locator("[data-testid=timeline-step][data-done=true]")).to_have_count(4)
    delivered = page.locator("[data-testid=timeline-step][data-status=delivered] time")
    expect(delivered).to_have_attribute("datetime", "2023-11-14T22:16:20.000Z")  # PLACED_AT + 3 min
    expect(page.get_by_test_id("order-line-name")).to_have_text(["Oak Bowl"])
    expect(page.get_by_test_id("order-total")).to_have_text("$49.00")
    expect(page.get_by_test_id("order-shipping")).to_contain_text("1 Analytical Row")
    live.order_status("shipped", PLACED_AT + 2 * 60_000)  # an older projection, late: ignored
    page.wait_for_timeout(300)
    expect(status).to_have_attribute("data-status", "delivered")
    assert fake.detail_requests == 1  # no polling


def test_leaving_the_order_page_unsubscribes(bazaar, page):
    fake = FakeOrdersBff(statuses=["placed"])
    live = open_with_live(page, bazaar, fake, f"/orders/{ORDER_ID}")
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "placed")
    page.wait_for_function(
        "() => document.querySelector('[data-live-status]').dataset.state === 'live'"
    )
    page.evaluate("async () => (await import('@bazaar/platform')).navigate('/catalog')")
    page.get_by_test_id("product-card").first.wait_for()
    page.wait_for_function("() => true")
    expect(page.get_by_test_id("order-detail")).to_have_count(0)
    for _ in range(20):
        if "orders:me" in live.topics("unsubscribe"):
            break
        page.wait_for_timeout(100)
    assert "orders:me" in live.topics("unsubscribe")
    assert fake.detail_requests == 1


def test_an_unknown_order_shows_the_not_found_state(bazaar, page):
    open_orders(page, bazaar, FakeOrdersBff(), "/orders/not-an-order-of-mine")
    expect(page.get_by_test_id("order-not-found")).to_contain_text("We couldn't find that order")
    expect(page.get_by_test_id("order-detail")).to_have_count(0)
