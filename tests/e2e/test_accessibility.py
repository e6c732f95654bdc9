"""Keyboard and screen-reader users: client-side navigation moves focus and announces the new
page, and the header's badges say what they count."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.live import sign_in_on_provider_form

pytestmark = pytest.mark.browser


def test_moving_to_another_page_focuses_the_main_region_and_announces_it(bazaar, page):
    page.goto(bazaar.url + "/")
    page.get_by_test_id("product-card").first.wait_for()
    kitchen = page.locator(".site-nav").get_by_role("link", name="Kitchen")
    kitchen.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/catalog/c/kitchen$"))
    expect(page.locator("main#main")).to_be_focused()
    announcer = page.locator("[data-route-announcer]")
    expect(announcer).to_have_text(re.compile(r"Kitchen.*Bazaar"))
    assert announcer.get_attribute("aria-live") == "polite"


def test_a_change_of_filter_leaves_focus_where_it_is(bazaar, page):
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    search = page.get_by_role("searchbox", name="Search products")
    search.fill("lamp")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=lamp"))
    page.wait_for_timeout(500)
    expect(page.locator("main#main")).not_to_be_focused()


def test_the_wish_list_badge_says_how_many_items_it_holds(bazaar, page):
    page.goto(bazaar.url + "/")
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(page, "bob", "bob-password")
    page.wait_for_url(bazaar.url + "/")
    badge = page.get_by_test_id("wishlist-badge")
    expect(badge).to_have_attribute("aria-label", re.compile(r"^Wish list, \d+ items?$"))
    count = page.get_by_test_id("wishlist-count").inner_text()
    expect(badge).to_have_attribute("aria-label", re.compile(rf"^Wish list, {count} "))
