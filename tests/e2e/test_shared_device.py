"""Two people on one device, in Chromium: what one of them queued while the shop could not be
reached is never sent as the other, never shown to the other, and is sent as its owner when
they sign in again. Two tabs of one browser, the cart and orders BFFs blocked (503) then
released; both users' carts and orders checked on the server. Screenshots in
test-artifacts/shared-device/."""

from __future__ import annotations

import re
import shutil

import pytest
import requests
from playwright.sync_api import expect

from tests.live import ARTIFACTS, sign_in_on_provider_form, start_server
from tests.storefront import add_to_cart_from_product_page, check_out, in_stock_card_names

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "shared-device"
COMMANDS = re.compile(r".*/bff/(cart/api/cart|orders/api/orders)(/.*)?$")
RECENT = "[data-app='@bazaar/recent#footer'] [data-testid=recently-viewed-item]"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    server = start_server(tmp_path_factory)
    yield server
    server.stop()


@pytest.fixture
def device(browser):
    """One browser profile (cookies, IndexedDB, localStorage shared by its tabs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def server_side(shop, username: str) -> dict:
    """What the cart and orders BFFs hold for ``username`` (their own token, not the page's)."""
    headers = {"Authorization": f"Bearer {shop.access_token(username)}"}
    cart = requests.get(f"{shop.url}/bff/cart/api/cart", headers=headers, timeout=10).json()
    orders = requests.get(f"{shop.url}/bff/orders/api/orders", headers=headers, timeout=10).json()
    return {
        "cart": sorted(item["name"] for item in cart["items"]),
        "orders": [sorted(line["name"] for line in o["lines"]) for o in orders["items"]],
    }


def sign_in_from_header(shop, tab, username: str) -> None:
    tab.goto(shop.url + "/")
    tab.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(tab, username, f"{username}-password")
    tab.wait_for_url(shop.url + "/")
    expect(tab.get_by_test_id("user-name")).to_be_visible()


def test_one_persons_queued_changes_are_never_sent_or_shown_as_another(shop, device):
    alices_tab = device.new_page()
    shop.sign_in(alices_tab, "/catalog", "alice")
    ordered, added = in_stock_card_names(alices_tab)[:2]
    sent = lambda r: "/bff/cart/api/cart/items" in r.url and r.request.method == "POST"  # noqa: E731
    with alices_tab.expect_response(sent):
        add_to_cart_from_product_page(alices_tab, ordered, 1)  # sent: the cart holds it

    # The cart and orders BFFs stop answering commands: what Alice does now waits on the device.
    blocked = lambda route: (  # noqa: E731
        route.fulfill(
            status=503, json={"detail": "down", "code": "unavailable"}, headers={"Retry-After": "1"}
        )
        if route.request.method != "GET"
        else route.continue_()
    )
    device.route(COMMANDS, blocked)
    check_out(alices_tab)
    expect(alices_tab.get_by_test_id("order-pending")).to_be_visible(timeout=20_000)
    alices_tab.goto(shop.url + "/catalog")
    add_to_cart_from_product_page(alices_tab, added, 2)
    expect(alices_tab.get_by_test_id("outbox-pending")).to_have_attribute("data-count", "2")

    # In another tab Alice signs out: the shop asks about her two waiting changes; she keeps them.
    other_tab = device.new_page()
    other_tab.goto(shop.url + "/")
    other_tab.get_by_role("button", name="Sign out").click()
    dialog = other_tab.get_by_test_id("signout-dialog")
    expect(dialog).to_contain_text("You have 2 changes not sent yet")
    other_tab.screenshot(path=str(SHOTS / "01-sign-out-asks-about-waiting-changes.png"))
    dialog.get_by_test_id("signout-keep").click()
    other_tab.wait_for_url(shop.url + "/")
    expect(other_tab.get_by_test_id("account").get_by_role("link", name="Sign in")).to_be_visible()
    expect(alices_tab.get_by_test_id("account-notice")).to_contain_text("Alice Archer signed out")

    # Bob signs in on the same device; the shop answers again.
    sign_in_from_header(shop, other_tab, "bob")
    expect(alices_tab.get_by_test_id("account-notice")).to_contain_text(
        "Bob Baker is now signed in"
    )
    device.unroute(COMMANDS)
    alices_tab.evaluate("window.dispatchEvent(new Event('online'))")  # "the network is back"
    other_tab.evaluate("window.dispatchEvent(new Event('online'))")
    alices_tab.wait_for_timeout(4_000)  # every retry the outboxes had planned is due by now
    alices_tab.screenshot(path=str(SHOTS / "02-alices-old-tab-holds-her-changes.png"))

    assert server_side(shop, "bob") == {"cart": [], "orders": []}
    assert server_side(shop, "alice") == {"cart": [ordered], "orders": []}

    # Bob sees that changes of another account wait here, not what they are, and nothing of hers.
    expect(other_tab.get_by_test_id("outbox-others")).to_have_attribute("data-count", "2")
    expect(other_tab.get_by_test_id("outbox-pending")).to_have_count(0)
    expect(other_tab.get_by_test_id("outbox-failed")).to_have_count(0)
    other_tab.get_by_test_id("outbox-others").click()
    other_tab.wait_for_url(shop.url + "/outbox")
    expect(other_tab.get_by_test_id("outbox-others-notice")).to_contain_text(
        "2 changes saved by another account on this device"
    )
    expect(other_tab.get_by_test_id("outbox-empty")).to_be_visible()
    page_text = other_tab.locator("main").inner_text()
    assert added not in page_text and ordered not in page_text
    expect(other_tab.locator(RECENT)).to_have_count(0)  # Alice's recently viewed are hers
    other_tab.screenshot(path=str(SHOTS / "03-bob-sees-only-how-many-wait.png"), full_page=True)

    # Bob signs out (nothing of his waits: no question) and Alice signs in: hers go, as her.
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.wait_for_url(shop.url + "/")
    expect(other_tab.get_by_test_id("signout-dialog")).to_have_count(0)
    sign_in_from_header(shop, other_tab, "alice")
    expect(other_tab.get_by_test_id("outbox-pending")).to_have_count(0, timeout=20_000)
    expect(other_tab.get_by_test_id("outbox-others")).to_have_count(0)
    expect(other_tab.locator(RECENT).first).to_be_visible()
    assert server_side(shop, "alice") == {"cart": [added], "orders": [[ordered]]}
    assert server_side(shop, "bob") == {"cart": [], "orders": []}
    other_tab.screenshot(path=str(SHOTS / "04-alice-back-her-changes-sent.png"))


def test_signing_out_can_discard_the_waiting_changes(shop, device):
    tab = device.new_page()
    shop.sign_in(tab, "/catalog", "admin")
    name = in_stock_card_names(tab)[3]
    device.route(COMMANDS, lambda route: route.fulfill(status=503, json={"detail": "down"}))
    add_to_cart_from_product_page(tab, name, 1)
    expect(tab.get_by_test_id("outbox-pending")).to_have_attribute("data-count", "1")
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_test_id("signout-dialog").get_by_test_id("signout-cancel").click()
    expect(tab.get_by_test_id("user-name")).to_be_visible()  # stayed signed in
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_test_id("signout-dialog").get_by_test_id("signout-discard").click()
    tab.wait_for_url(shop.url + "/")
    device.unroute(COMMANDS)
    shop.sign_in(tab, "/catalog", "admin")
    expect(tab.get_by_test_id("outbox-status")).to_be_hidden()
    assert server_side(shop, "admin")["cart"] == []


def test_a_tab_that_missed_the_news_is_still_never_handed_another_accounts_token(shop, device):
    """The sign-out and sign-in happen outside any page (no tab hears of them): the token the
    shop hands out names its account, and Alice's tab holds her change rather than send it."""
    tab = device.new_page()
    shop.sign_in(tab, "/catalog", "alice")
    name = in_stock_card_names(tab)[5]
    device.route(COMMANDS, lambda route: route.fulfill(status=503, json={"detail": "down"}))
    tab.get_by_test_id("product-name").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
    tab.get_by_test_id("add-to-cart").click()
    expect(tab.get_by_test_id("outbox-pending")).to_have_attribute("data-count", "1")

    # Behind the page's back (the browser's cookies, no page script): Alice out, Bob in.
    csrf = next(c["value"] for c in device.cookies() if c["name"] == "csrftoken")
    device.request.post(f"{shop.url}/oidc/logout/", headers={"X-CSRFToken": csrf})
    login = device.request.get(f"{shop.url}/oidc/authenticate/?next=/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text()).group(1)
    back = device.request.post(
        login.url,
        form={
            "csrfmiddlewaretoken": token,
            "username": "bob",
            "password": "bob-password",
            "next": re.search(r'name="next" value="([^"]*)"', login.text())
            .group(1)
            .replace("&amp;", "&"),
        },
        headers={"Referer": login.url},
    )
    assert back.url == f"{shop.url}/" and "Bob Baker" in back.text()
    device.add_cookies(device.request.storage_state()["cookies"])  # the browser's cookie jar too
    assert any(c["name"] == "sessionid" for c in device.cookies())

    device.unroute(COMMANDS)
    # The user comes back to the tab (its outbox may have paused when Alice's session ended).
    tab.evaluate("window.dispatchEvent(new Event('online'))")
    tab.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(tab.get_by_test_id("account-notice")).to_contain_text("Bob Baker is now signed in")
    tab.wait_for_timeout(2_000)
    assert server_side(shop, "bob")["cart"] == []
    assert name not in server_side(shop, "alice")["cart"]
