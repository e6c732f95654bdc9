"""The acceptance journey: a shopper fills a cart from the catalog, checks out, and watches
the order arrive — through the catalog, cart, checkout and orders micro-apps, their BFFs, the
event hub and the fulfilment worker, in a real Chromium.

Screenshots of every step land in test-artifacts/journey/.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, expect

from tests.live import ARTIFACTS, sign_in_on_provider_form, start_server
from tests.storefront import (
    ORDER_URL,
    add_to_cart_from_product_page,
    check_out,
    fill_a_cart_check_out_and_see_the_order_delivered,
    in_stock_card_names,
)

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "journey"


@pytest.fixture(scope="module")
def fast_bazaar(tmp_path_factory):
    shutil.rmtree(SHOTS, ignore_errors=True)  # no stale steps from an earlier run
    SHOTS.mkdir(parents=True)
    server = start_server(tmp_path_factory, BAZAAR_FULFILMENT_DELAYS="1,1,1")
    yield server
    server.stop()


class Journey:
    """Numbered screenshots of one journey."""

    def __init__(self, page: Page):
        self.page = page
        self.step = 0

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(SHOTS / f"{self.step:02d}-{name}.png"), full_page=True)


def test_a_shopper_fills_a_cart_checks_out_and_sees_the_order_delivered(fast_bazaar, page):
    fill_a_cart_check_out_and_see_the_order_delivered(fast_bazaar, page, Journey(page).shot)


def test_another_shopper_cannot_open_an_order_that_is_not_theirs(fast_bazaar, page):
    bazaar = fast_bazaar
    bazaar.sign_in(page, "/catalog", "alice")
    name = in_stock_card_names(page)[0]
    add_to_cart_from_product_page(page, name, 1)
    check_out(page)
    page.wait_for_url(ORDER_URL)
    alices_order = page.url
    page.get_by_test_id("order-status").wait_for()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(bazaar.url + "/")
    page.goto(alices_order)  # a protected route: sign in first
    sign_in_on_provider_form(page, "bob", "bob-password")
    page.wait_for_url(alices_order)
    expect(page.get_by_test_id("order-not-found")).to_be_visible()
    expect(page.get_by_test_id("order-detail")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "99-someone-elses-order.png"), full_page=True)
