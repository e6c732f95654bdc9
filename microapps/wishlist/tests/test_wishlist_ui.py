"""A shopper uses the wish list micro-app in a real Chromium, against the real wish list BFF:
"Save to wish list" on a product page (the header badge answers the catalog over the bus),
the /wishlist page and the badge show it, and removing it takes it off both. A failing BFF
shows an error with a retry. Each test starts and ends with Ada's wish list empty."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

USER = "admin"  # Ada Admin, a shopper too; the other demo shoppers' lists belong to other tests
WISHLIST_API = "**/bff/wishlist/api/items"


def products(bazaar, count: int) -> list[dict]:
    url = f"{bazaar.url}/bff/catalog/api/products?page_size=24"
    with urllib.request.urlopen(url, timeout=10) as response:
        in_stock = [p for p in json.load(response)["items"] if p["stock"] > 0]
    assert len(in_stock) >= count, "the demo catalog should have products in stock"
    return in_stock[:count]


def wishlist_api(bazaar, token: str, method: str, path: str) -> dict | None:
    request = urllib.request.Request(
        f"{bazaar.url}/bff/wishlist/api{path}",
        method=method,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture
def empty_wishlist(bazaar):
    """Ada's wish list, emptied through its BFF before the test and again after it."""
    token = bazaar.access_token(USER)

    def empty() -> None:
        for item in wishlist_api(bazaar, token, "GET", "/items")["items"]:
            wishlist_api(bazaar, token, "DELETE", f"/items/{item['product_id']}")

    empty()
    yield
    empty()


def save_from_product_page(page: Page, bazaar, product: dict) -> None:
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    expect(page.get_by_test_id("product-title")).to_have_text(product["name"])
    save = page.get_by_test_id("save-to-wishlist")
    expect(save).to_have_text("♡ Save to wish list")
    save.click()
    expect(save).to_have_text("♥ Saved to wish list")
    expect(save).to_be_disabled()


def wishlist_items(page: Page) -> list[str]:
    return page.get_by_test_id("wishlist-item-name").all_inner_texts()


def test_a_product_saved_from_the_catalog_is_listed_and_counted_until_it_is_removed(
    bazaar, page, empty_wishlist
):
    [product] = products(bazaar, 1)
    bazaar.sign_in(page, f"/catalog/p/{product['id']}", USER)
    badge = page.get_by_test_id("wishlist-badge")
    expect(page.get_by_test_id("wishlist-count")).to_have_text("0")
    expect(badge).to_have_attribute("aria-label", "Wish list, 0 items")

    save_from_product_page(page, bazaar, product)
    expect(page.get_by_test_id("wishlist-count")).to_have_text("1")
    expect(badge).to_have_attribute("aria-label", "Wish list, 1 item")

    badge.click()
    page.wait_for_url(bazaar.url + "/wishlist")
    item = page.get_by_test_id("wishlist-item")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("wishlist-item-name")).to_have_text(product["name"])
    expect(item.get_by_test_id("wishlist-item-name")).to_have_attribute(
        "href", f"/catalog/p/{product['id']}"
    )
    expect(item).to_contain_text(product["price_display"])

    item.get_by_role("button", name="Remove").click()
    expect(item).to_have_count(0)
    empty = page.get_by_test_id("wishlist-empty")
    expect(empty).to_contain_text("Your wish list is empty")
    expect(empty.get_by_role("link", name="Browse the shop")).to_have_attribute("href", "/catalog")
    expect(page.get_by_test_id("wishlist-count")).to_have_text("0")

    page.reload()  # the wish list BFF removed it too
    expect(page.get_by_test_id("wishlist-empty")).to_be_visible()
    assert page.console_errors == []


def test_removing_one_of_two_saved_products_keeps_the_other(bazaar, page, empty_wishlist):
    first, second = products(bazaar, 2)
    bazaar.sign_in(page, f"/catalog/p/{first['id']}", USER)
    save_from_product_page(page, bazaar, first)
    save_from_product_page(page, bazaar, second)
    expect(page.get_by_test_id("wishlist-count")).to_have_text("2")

    page.locator(".site-nav").get_by_role("link", name="Wish list").click()
    page.wait_for_url(bazaar.url + "/wishlist")
    expect(page.get_by_test_id("wishlist-item")).to_have_count(2)
    assert sorted(wishlist_items(page)) == sorted([first["name"], second["name"]])

    page.get_by_test_id("wishlist-item").filter(has_text=first["name"]).get_by_role(
        "button", name="Remove"
    ).click()
    expect(page.get_by_test_id("wishlist-item")).to_have_count(1)
    assert wishlist_items(page) == [second["name"]]
    expect(page.get_by_test_id("wishlist-count")).to_have_text("1")

    page.reload()
    expect(page.get_by_test_id("wishlist-item")).to_have_count(1)
    assert wishlist_items(page) == [second["name"]]
    assert page.console_errors == []


def test_a_save_the_bff_refuses_says_so_on_the_button_and_counts_nothing(
    bazaar, page, empty_wishlist
):
    [product] = products(bazaar, 1)
    refused = {"detail": f"{product['id']!r} is no longer in the catalog", "code": "not_found"}
    page.route(
        f"**/bff/wishlist/api/items/{product['id']}",
        lambda route: (
            route.fulfill(status=404, json=refused)
            if route.request.method == "PUT"
            else route.fallback()
        ),
    )
    bazaar.sign_in(page, f"/catalog/p/{product['id']}", USER)
    expect(page.get_by_test_id("wishlist-count")).to_have_text("0")

    save = page.get_by_test_id("save-to-wishlist")
    save.click()
    expect(save).to_have_text("Couldn't save — try again")
    expect(save).to_be_enabled()
    expect(page.get_by_test_id("wishlist-count")).to_have_text("0")
    # Kept in the outbox's refused list, to retry or discard (as every refused command is).
    expect(page.get_by_test_id("outbox-failed")).to_have_attribute("data-count", "1")


def test_a_failing_wishlist_bff_shows_an_error_with_retry_that_recovers(
    bazaar, page, empty_wishlist
):
    page.route(
        WISHLIST_API,
        lambda route: route.fulfill(status=500, json={"detail": "down", "code": "internal"}),
    )
    bazaar.sign_in(page, "/wishlist", USER)
    error = page.get_by_test_id("wishlist-error")
    expect(error).to_contain_text("Your wish list could not be loaded")
    expect(page.get_by_test_id("wishlist-empty")).to_have_count(0)

    page.unroute(WISHLIST_API)
    error.get_by_role("button", name="Try again").click()
    expect(page.get_by_test_id("wishlist-empty")).to_be_visible()
    expect(error).to_have_count(0)
