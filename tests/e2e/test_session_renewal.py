"""A shopper whose session outlives its ID token, in Chromium: with a short renew interval
the shop goes round the real provider silently on every page load past it, and the shopper
keeps shopping; once the provider's session has ended the shop shows itself signed out with
a notice, never an error page. Screenshots in test-artifacts/session-renewal/."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.live import ARTIFACTS, RENEW_SECONDS
from tests.storefront import cart_lines, in_stock_card_names

pytestmark = pytest.mark.browser

SENT_TO_CART = lambda r: "/bff/cart/api/cart/items" in r.url and r.request.method == "POST"  # noqa: E731
SHOTS = ARTIFACTS / "session-renewal"


@pytest.fixture(scope="module", autouse=True)
def _screenshots():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)


def test_a_shopper_keeps_shopping_across_several_silent_renewals(renewing_bazaar, page):
    bazaar = renewing_bazaar
    rounds: list[str] = []
    page.on(
        "request",
        lambda r: (
            rounds.append(r.url) if "prompt=none" in r.url and r.is_navigation_request() else None
        ),
    )
    bazaar.sign_in(page, "/catalog", "alice")
    names = in_stock_card_names(page)[:3]
    for count, name in enumerate(names, start=1):
        time.sleep(RENEW_SECONDS + 0.5)  # the ID token is due for renewal
        page.goto(bazaar.url + "/catalog")  # a full page load: the shell renews first
        expect(page.get_by_test_id("user-name")).to_have_text("Alice Archer")
        page.get_by_test_id("product-name").filter(
            has_text=re.compile(f"^{re.escape(name)}$")
        ).click()
        with page.expect_response(SENT_TO_CART):  # sent before the next page load
            page.get_by_test_id("add-to-cart").click()
        expect(page.get_by_test_id("cart-count")).to_have_text(str(count))
    assert len(rounds) >= len(names), rounds  # every load went round the provider
    page.goto(bazaar.url + "/cart")
    page.get_by_test_id("cart-line").first.wait_for()
    assert sorted(cart_lines(page)) == sorted(names)
    page.screenshot(path=str(SHOTS / "01-still-signed-in-after-renewals.png"), full_page=True)
    assert page.console_errors == []


def test_an_ended_provider_session_shows_the_shop_signed_out_with_a_notice(renewing_bazaar, page):
    bazaar = renewing_bazaar
    bazaar.sign_in(page, "/catalog/c/kitchen", "bob")
    page.context.clear_cookies(name="idp_sessionid")  # the provider's session ends
    time.sleep(RENEW_SECONDS + 0.5)
    page.reload()
    expect(page.get_by_test_id("session-notice")).to_contain_text("Your session has ended")
    assert page.url == bazaar.url + "/catalog/c/kitchen"
    expect(page.get_by_test_id("account").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "02-signed-out-with-a-notice.png"), full_page=True)
    page.reload()  # the notice is said once
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    expect(page.get_by_test_id("session-notice")).to_have_count(0)
