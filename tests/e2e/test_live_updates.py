"""Live updates in a real Chromium against a real daphne: what a shopper sees change on its own.

Each test changes something the way the shop really changes (fulfilment advancing an order, a
back-office stock change in another process, an order placed in another tab, a deploy) and
waits for the page to show it without a reload. Screenshots land in test-artifacts/live/.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.live import ARTIFACTS, start_server

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "live"
SHIPPING = {
    "name": "Alice Archer",
    "address": "12 Harbour Street",
    "city": "Portsmouth",
    "postal_code": "PO1 3AX",
    "country": "GB",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    server = start_server(tmp_path_factory, BAZAAR_FULFILMENT_DELAYS="2,2,2")
    yield server
    server.stop()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def set_stock(shop, product_id: str, stock: int) -> None:
    """A back-office change in another process, as an operator's script would make it."""
    code = (
        "from bffs.catalog import services; "
        f"assert services.product_update(product_id={product_id!r}, stock={stock}, actor='ops')"
    )
    result = shop.manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr


def platform_call(page: Page, script: str):
    """Runs `script` with `p` bound to @bazaar/platform, in the page."""
    return page.evaluate(f"import('@bazaar/platform').then(async (p) => {{ {script} }})")


def place_order(page: Page, product_id: str, quantity: int = 1) -> str:
    order_id = str(uuid.uuid4())
    body = {
        "id": order_id,
        "lines": [{"product_id": product_id, "quantity": quantity}],
        "shipping": SHIPPING,
        "email": "alice@example.com",
    }
    status = platform_call(
        page,
        "const r = await p.authenticatedFetch('/bff/orders/api/orders', {method: 'POST', "
        "headers: {'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID()}, "
        f"body: JSON.stringify({json.dumps(body)})}}); return r.status;",
    )
    assert status == 201
    return order_id


def first_in_stock_product(shop) -> str:
    return in_stock_product(shop)[0]


def in_stock_product(shop) -> tuple[str, str]:
    """(id, name) of a product with plenty in stock."""
    code = (
        "from bffs.catalog.models import Product; "
        "p = Product.objects.filter(stock__gt=20).order_by('id').first(); print(p.id); print(p.name)"
    )
    result = shop.manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    product_id, name = result.stdout.strip().splitlines()
    return product_id, name


def pdp_badge(page: Page):
    """The product page's own stock badge (related products have theirs)."""
    return page.locator(".pdp__info").get_by_test_id("stock-badge")


def live_status(page: Page):
    return page.get_by_test_id("live-status")


def test_a_signed_in_shopper_is_live_over_the_websocket(shop, page):
    shop.sign_in(page, "/")
    expect(live_status(page)).to_have_text("Live")
    expect(live_status(page)).to_have_attribute("data-state", "live")
    shot(page, "01-live")
    assert page.console_errors == []


def test_an_anonymous_visitor_follows_public_topics_by_long_polling(shop, page):
    sockets, polls = [], []
    page.on("websocket", lambda ws: sockets.append(ws))
    page.on("request", lambda r: polls.append(r.url) if "/live/poll" in r.url else None)
    page.goto(shop.url + "/")
    expect(live_status(page)).to_have_text("Live")
    expect(live_status(page)).to_have_attribute("data-state", "polling")
    assert polls and not sockets  # the websocket refuses anonymous connections: no attempt


def test_an_order_page_follows_fulfilment_without_polling(shop, page):
    shop.sign_in(page, "/")
    product_id = first_in_stock_product(shop)
    order_id = place_order(page, product_id)
    order_gets: list[str] = []
    page.on(
        "request",
        lambda r: (
            order_gets.append(r.url) if f"/bff/orders/api/orders/{order_id}" in r.url else None
        ),
    )
    page.goto(f"{shop.url}/orders/{order_id}")
    expect(page.get_by_test_id("order-detail")).to_be_visible()
    expect(live_status(page)).to_have_text("Live")
    for status in ["paid", "shipped", "delivered"]:
        step = page.locator(f"[data-testid=timeline-step][data-status={status}]")
        expect(step).to_have_attribute("data-done", "true", timeout=30_000)
        expect(step.locator("time")).to_be_visible()  # the time it happened, from the message
    expect(page.get_by_test_id("order-status")).to_contain_text(re.compile("delivered", re.I))
    shot(page, "02-order-delivered-live")
    assert len(order_gets) == 1, f"the page asked the BFF again: {order_gets}"


def test_the_order_list_follows_statuses_and_new_orders_from_another_tab(shop, page):
    shop.sign_in(page, "/")
    page.goto(shop.url + "/orders")
    expect(
        page.locator("[data-testid=order-row], [data-testid=orders-empty]").first
    ).to_be_visible()
    product_id = first_in_stock_product(shop)
    other_tab = page.context.new_page()
    other_tab.goto(shop.url + "/")
    expect(live_status(other_tab)).to_have_text("Live")
    expect(live_status(page)).to_have_text("Live")
    order_id = place_order(other_tab, product_id)
    row = page.locator(f"[data-testid=order-row][data-order-id='{order_id}']")
    expect(row).to_be_visible(timeout=10_000)  # placed elsewhere: the list loads again
    expect(row).to_contain_text(re.compile("delivered", re.I), timeout=30_000)
    other_tab.close()


def test_stock_changes_show_live_on_the_product_page_and_in_the_list(shop, page, browser):
    product_id, name = in_stock_product(shop)
    page.goto(f"{shop.url}/catalog/p/{product_id}")
    expect(live_status(page)).to_have_text("Live")
    badge = pdp_badge(page)
    expect(badge).to_have_text("In stock")
    # Another shopper, in another browser context, is looking at the list it is in.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    lister = other.new_page()
    lister.goto(f"{shop.url}/catalog?q={name}")
    card = lister.get_by_test_id("product-card").filter(
        has=lister.locator(f"a[href$='/catalog/p/{product_id}']")
    )
    expect(card).to_be_visible()
    expect(live_status(lister)).to_have_text("Live")

    set_stock(shop, product_id, 3)
    expect(badge).to_have_text("Only 3 left", timeout=10_000)
    expect(card.get_by_test_id("stock-badge")).to_have_text("Only 3 left", timeout=10_000)
    shot(page, "03-only-3-left")

    set_stock(shop, product_id, 0)
    expect(badge).to_have_text("Sold out", timeout=10_000)
    expect(page.get_by_test_id("add-to-cart")).to_be_disabled()
    expect(card.get_by_test_id("stock-badge")).to_have_text("Sold out", timeout=10_000)
    shot(lister, "04-sold-out-in-the-list")
    shot(page, "04-sold-out")
    other.close()
    set_stock(shop, product_id, 40)
    expect(badge).to_have_text("In stock", timeout=10_000)


def test_buying_the_last_units_shows_sold_out_in_another_browser(shop, page, browser):
    product_id = first_in_stock_product(shop)
    set_stock(shop, product_id, 2)
    watcher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watcher.goto(f"{shop.url}/catalog/p/{product_id}")
    expect(pdp_badge(watcher)).to_have_text("Only 2 left")
    expect(live_status(watcher)).to_have_text("Live")

    shop.sign_in(page, "/")
    place_order(page, product_id, quantity=2)  # what checkout sends
    expect(pdp_badge(watcher)).to_have_text("Sold out", timeout=10_000)
    expect(watcher.get_by_test_id("add-to-cart")).to_be_disabled()
    shot(watcher, "04-sold-out-elsewhere")
    watcher.context.close()
    set_stock(shop, product_id, 40)


def test_the_cart_badge_follows_another_tab(shop, page):
    shop.sign_in(page, "/")
    product_id = first_in_stock_product(shop)
    count = page.get_by_test_id("cart-count")
    expect(live_status(page)).to_have_text("Live")
    before = int(count.inner_text() or 0)
    other_tab = page.context.new_page()
    other_tab.goto(f"{shop.url}/catalog/p/{product_id}")
    other_tab.get_by_test_id("add-to-cart").click()
    expect(other_tab.get_by_test_id("cart-count")).to_have_text(str(before + 1))
    expect(count).to_have_text(str(before + 1), timeout=10_000)
    other_tab.close()


def test_a_dropped_websocket_catches_up_without_gaps(shop, page):
    """Messages published while the socket is down arrive after the reconnect, each once."""
    mode = {"now": "pass"}
    sockets = []

    def route(ws):
        if mode["now"] == "pass":
            ws.connect_to_server()
        sockets.append(ws)  # "hold": accepted, but nothing behind it (no hello)

    page.route_web_socket(re.compile(r"/ws/live/"), route)
    product_id = first_in_stock_product(shop)
    shop.sign_in(page, "/")
    sockets.clear()
    page.goto(f"{shop.url}/catalog/p/{product_id}")
    expect(live_status(page)).to_have_text("Live")
    page.evaluate(
        """() => import('@bazaar/platform').then((p) => {
            window.__seen = [];
            p.live.subscribe('stock', (m) => window.__seen.push(m.seq));
        })"""
    )
    set_stock(shop, product_id, 30)
    page.wait_for_function("() => window.__seen.length === 1", timeout=10_000)

    # The connection drops from the server's side (a restart, a proxy) and the next one hangs;
    # meanwhile three changes happen.
    mode["now"] = "hold"
    sockets[-1].close(code=1012, reason="restart")
    expect(live_status(page)).to_have_text("Reconnecting…")
    for _ in range(100):  # the client reconnects after its backoff (at most 1 s here)
        if len(sockets) == 2:
            break
        page.wait_for_timeout(100)
    assert len(sockets) == 2
    for stock in (29, 28, 27):
        set_stock(shop, product_id, stock)
    assert page.evaluate("window.__seen.length") == 1
    mode["now"] = "pass"
    sockets[-1].close(code=1012, reason="restart")
    expect(live_status(page)).to_have_text("Live", timeout=20_000)
    page.wait_for_function("() => window.__seen.length === 4", timeout=20_000)
    seen = page.evaluate("window.__seen")
    assert seen == list(range(seen[0], seen[0] + 4)), seen
    page.wait_for_timeout(500)
    assert page.evaluate("window.__seen.length") == 4  # nothing applied twice
    expect(pdp_badge(page)).to_have_text("In stock")


def test_long_polling_takes_over_when_websockets_are_blocked(shop, page):
    page.route_web_socket(re.compile(r"/ws/live/"), lambda ws: ws.close(code=1006))
    product_id = first_in_stock_product(shop)
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/live/poll" in r.url else None)
    shop.sign_in(page, "/")
    page.goto(f"{shop.url}/catalog/p/{product_id}")
    expect(live_status(page)).to_have_text("Live (polling)", timeout=20_000)
    shot(page, "05-polling")
    set_stock(shop, product_id, 2)
    expect(pdp_badge(page)).to_have_text("Only 2 left", timeout=30_000)
    assert polls, "no long poll was made"
    set_stock(shop, product_id, 40)
    expect(pdp_badge(page)).to_have_text("In stock", timeout=30_000)


def test_the_header_says_offline_and_comes_back_live(shop, page):
    shop.sign_in(page, "/")
    expect(live_status(page)).to_have_text("Live")
    page.context.set_offline(True)
    expect(live_status(page)).to_have_text("Offline")
    expect(live_status(page)).to_have_attribute("data-state", "offline")
    shot(page, "06-offline")
    page.context.set_offline(False)
    expect(live_status(page)).to_have_text("Live", timeout=20_000)
    expect(live_status(page)).to_have_attribute("data-state", "live")


def test_a_new_revision_offers_a_reload(shop, page, tmp_path):
    page.goto(shop.url + "/")
    expect(live_status(page)).to_have_text("Live")
    notice = page.get_by_test_id("update-notice")
    expect(notice).to_be_hidden()
    revision = page.locator("meta[name=bazaar-revision]").get_attribute("content")
    # A team deploys a new version of the wish list while the page is open.
    shop.deploy_version("wishlist", "9.0.0", tmp_path)
    expect(notice).to_be_visible(timeout=10_000)
    expect(notice).to_contain_text("A new version of the shop is available")
    shot(page, "07-update-notice")
    notice.get_by_role("button", name="Reload").click()
    expect(page.locator("meta[name=bazaar-revision]")).not_to_have_attribute("content", revision)
    expect(page.get_by_test_id("update-notice")).to_be_hidden()
    expect(live_status(page)).to_have_text("Live")
