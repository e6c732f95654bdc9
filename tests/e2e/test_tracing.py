"""One trace from tap to push, in a real Chromium against a real daphne: an order placed while
offline is sent when the network returns, and its trace holds the browser's action (reported to
/rum), the orders BFF's request, the relay that published ``order-placed``, each listener that
applied it, and the live push that updated the order page; the JSON log lines of those steps
carry the same trace id."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.test_offline import card_add, check_out, ready_for_offline, visit_catalog
from tests.live import start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_server(tmp_path_factory, BAZAAR_LOG_FORMAT="json")
    yield server
    server.stop()


def spans(shop) -> list[dict]:
    path = shop.data_dir / "db" / "traces.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(find, timeout_s: float = 20):
    deadline = time.monotonic() + timeout_s
    while True:
        found = find()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def log_lines(shop) -> list[dict]:
    lines = []
    for log in shop.data_dir.glob("*.log"):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    continue
    return lines


def order_trace(shop):
    """The browser's span of placing the order, once reported (None before)."""

    def latest():
        browser_spans = [
            s
            for s in spans(shop)
            if s["service"] == "browser" and s["name"] == "outbox POST /bff/orders/api/orders"
        ]
        return browser_spans[-1] if browser_spans else None

    return latest


def test_an_order_placed_offline_is_one_trace_from_the_tap_to_the_live_push(shop, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        shop.sign_in(page, "/catalog")
        [name, *_] = visit_catalog(page)
        ready_for_offline(page)

        context.set_offline(True)
        card_add(page, name)
        page.get_by_test_id("cart-badge").click()
        order_id = check_out(page)
        expect(page.get_by_test_id("order-pending")).to_be_visible()
        page.wait_for_timeout(2_000)  # a while on the device before the network returns
        context.set_offline(False)
        expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=20_000)
        expect(page.get_by_test_id("order-detail")).to_be_visible(timeout=20_000)
        # The outbox's developer view names each command's trace (a move within the page:
        # what a tab sent is the tab's own).
        page.evaluate("async () => (await import('@bazaar/platform')).navigate('/outbox')")
        page.get_by_role("button", name="Developer view").click()
        sent = page.get_by_test_id("outbox-sent-row").filter(has_text="Place order")
        expect(sent).to_have_count(1)
        shown_trace = sent.get_by_test_id("outbox-trace").inner_text()
        # The page reports the span it measured a second after the answer; it stays open until
        # the report is in (a beacon sent as a browser context closes may never leave).
        action = wait_for(order_trace(shop))
    finally:
        context.close()

    assert action, "the browser reported no span of the order"
    trace_id = action["trace_id"]
    assert shown_trace == trace_id
    # Sent after the wait offline: the action's span lasts from the tap to the answer.
    assert (action["end_ns"] - action["start_ns"]) / 1e6 >= 2_000
    assert action["attributes"]["outcome"] == "sent"

    def whole_trace():
        mine = [s for s in spans(shop) if s["trace_id"] == trace_id]
        groups = {
            s["attributes"].get("messaging.consumer.group.name")
            for s in mine
            if s["name"] == "apply order-placed"
        }
        pushed = [s for s in mine if s["name"] == "live push order-status"]
        return mine if {"catalog", "cart"} <= groups and pushed else None

    mine = wait_for(whole_trace) or [s for s in spans(shop) if s["trace_id"] == trace_id]
    by_id = {s["span_id"]: s for s in mine}
    names = sorted(s["name"] for s in mine)
    requests = [s for s in mine if s["kind"] == "server" and s["parent_id"] == action["span_id"]]
    assert len(requests) == 1, names
    request = requests[0]
    method = (
        request["attributes"].get("http.request.method") or request["attributes"]["http.method"]
    )
    assert method == "POST"
    published = [s for s in mine if s["name"] == "publish order-placed"]
    assert len(published) == 1, names
    published = published[0]
    assert published["parent_id"] == request["span_id"]
    applied = [s for s in mine if s["name"] == "apply order-placed"]
    assert {s["attributes"]["messaging.consumer.group.name"] for s in applied} >= {
        "catalog",
        "cart",
    }, names
    # The event carries the context it was created in (the request's); publishing and applying
    # it are both children of that.
    assert all(s["parent_id"] == request["span_id"] for s in applied)
    pushes = [s for s in mine if s["name"] == "live push order-status"]
    assert pushes, names
    # Every span of it hangs from the browser's action.
    for span in mine:
        node = span
        while node["parent_id"] in by_id:
            node = by_id[node["parent_id"]]
        assert node["span_id"] == action["span_id"], (span["name"], names)

    # The log lines of those steps, one JSON object a line, name the same trace.
    logged = wait_for(
        lambda: [line for line in log_lines(shop) if line.get("trace_id") == trace_id]
    )
    kinds = {(line.get("event"), line.get("group")) for line in logged}
    assert ("request", None) in kinds, kinds
    assert ("event-applied", "catalog") in kinds and ("event-applied", "cart") in kinds, kinds
    [request_line] = [
        line
        for line in logged
        if line.get("event") == "request" and re.fullmatch(r"/bff/orders/api/orders", line["path"])
    ]
    assert request_line["status"] == 201 and request_line["sub"]
    assert "Bearer" not in json.dumps(logged)
    assert order_id
