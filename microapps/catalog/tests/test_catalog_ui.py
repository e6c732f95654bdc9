"""A shopper uses the catalog micro-app in a real Chromium: sort, page, search, not-found
states, stock, add to cart, a failing BFF, and a clean unmount.

Expected data comes from the catalog BFF itself, so the tests hold for any seed.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGE_SIZE = 24  # the catalog's manifest config.pageSize
CATALOG_ROOT = "[data-app='@bazaar/catalog'] .catalog"
PRODUCTS_API = "**/bff/catalog/api/products**"

# Counts the window's "single-spa:routing-event" listeners, to prove unmount removes its own.
COUNT_ROUTING_LISTENERS = """
(() => {
  const live = new Set();
  const add = window.addEventListener, remove = window.removeEventListener;
  window.addEventListener = function (type, listener, ...rest) {
    if (type === "single-spa:routing-event") live.add(listener);
    return add.call(this, type, listener, ...rest);
  };
  window.removeEventListener = function (type, listener, ...rest) {
    if (type === "single-spa:routing-event") live.delete(listener);
    return remove.call(this, type, listener, ...rest);
  };
  window.__routingListeners = () => live.size;
})();
"""


def bff_products(bazaar, **params) -> dict:
    url = f"{bazaar.url}/bff/catalog/api/products?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def find_product(bazaar, matches: Callable[[dict], bool]) -> dict:
    page_number = 1
    while True:
        data = bff_products(bazaar, page_size=100, page=page_number)
        found = next((product for product in data["items"] if matches(product)), None)
        if found:
            return found
        if page_number >= data["pages"]:
            pytest.fail("the demo catalog has no product that fits this test")
        page_number += 1


def names(page: Page) -> list[str]:
    return page.get_by_test_id("product-name").all_inner_texts()


def cents(price: str) -> int:
    return round(float(price.replace("$", "").replace(",", "")) * 100)


def open_list(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("result-count").wait_for()


def test_sorting_by_price_orders_prices_ascending_in_the_url_and_back_restores_the_order(
    bazaar, page
):
    open_list(page, bazaar.url + "/catalog")
    featured = names(page)
    by_price = [p["name"] for p in bff_products(bazaar, sort="price", page_size=PAGE_SIZE)["items"]]
    assert by_price != featured

    page.get_by_test_id("sort-select").select_option(label="Price: low to high")
    page.wait_for_url(re.compile(r"/catalog\?sort=price$"))
    expect(page.get_by_test_id("product-name")).to_have_text(by_price)
    prices = [cents(p) for p in page.get_by_test_id("product-price").all_inner_texts()]
    assert prices == sorted(prices) and prices[0] < prices[-1]

    page.go_back()
    page.wait_for_url(re.compile(r"/catalog$"))
    expect(page.get_by_test_id("product-name")).to_have_text(featured)
    expect(page.get_by_test_id("sort-select")).to_have_value("featured")
    assert page.console_errors == []


def test_page_two_shows_other_products_with_page_2_in_the_url_and_the_same_result_count(
    bazaar, page
):
    open_list(page, bazaar.url + "/catalog")
    total = bff_products(bazaar)["total"]
    expect(page.get_by_test_id("result-count")).to_have_text(f"{total:,} products")
    first_page = names(page)

    pagination = page.get_by_test_id("pagination")
    pagination.get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"/catalog\?page=2$"))
    expect(pagination.locator("[aria-current=page]")).to_have_text("2")
    expect(page.get_by_test_id("product-card")).to_have_count(min(PAGE_SIZE, total - PAGE_SIZE))
    assert not set(names(page)) & set(first_page)
    expect(page.get_by_test_id("result-count")).to_have_text(f"{total:,} products")


def search_for(page: Page, url: str, text: str):
    """Open the list at ``url``, search for ``text`` as a shopper would; returns the input."""
    open_list(page, url)
    search = page.get_by_test_id("search-input")
    search.fill(text)
    search.press("Enter")
    page.wait_for_url(re.compile(rf"\?q={re.escape(text)}$"))
    return search


def test_a_search_with_no_match_shows_the_empty_state_and_clearing_it_shows_products(bazaar, page):
    search = search_for(page, bazaar.url + "/catalog", "zzxqj")
    empty = page.get_by_test_id("empty-state")
    expect(empty).to_contain_text("No products match “zzxqj”")
    expect(page.get_by_test_id("result-count")).to_have_text("0 products")
    expect(page.get_by_test_id("product-card")).to_have_count(0)

    empty.get_by_role("link", name="Clear the search").click()
    page.wait_for_url(re.compile(r"/catalog$"))
    expect(page.get_by_test_id("product-card")).to_have_count(PAGE_SIZE)
    expect(search).to_have_value("")


def test_a_search_is_still_in_the_input_and_the_results_after_a_reload(bazaar, page):
    search_for(page, bazaar.url + "/catalog", "lamp")
    expected = [p["name"] for p in bff_products(bazaar, q="lamp", page_size=PAGE_SIZE)["items"]]
    assert expected

    page.reload()
    expect(page.get_by_test_id("search-input")).to_have_value("lamp")
    expect(page.get_by_test_id("product-name")).to_have_text(expected)
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “lamp”")


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/catalog/c/no-such-shelf", "We couldn't find that category"),
        ("/catalog/p/no-such-product", "This product isn't available"),
        ("/catalog/p/x/extra", "We couldn't find that page"),
    ],
)
def test_an_unknown_catalog_address_shows_the_in_app_not_found_state(bazaar, page, path, title):
    page.goto(bazaar.url + path)
    not_found = page.get_by_test_id("catalog-not-found")
    expect(not_found.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("product-card")).to_have_count(0)

    not_found.get_by_role("link", name="Browse all products").click()
    page.wait_for_url(re.compile(r"/catalog$"))
    expect(page.get_by_test_id("product-card")).to_have_count(PAGE_SIZE)
    assert page.console_errors == []


def test_an_out_of_stock_product_says_so_and_cannot_be_added_to_the_cart(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] == 0)
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    expect(page.get_by_test_id("product-title")).to_have_text(product["name"])
    info = page.locator(".pdp__info")
    expect(info.get_by_test_id("stock-badge")).to_have_text("Out of stock")
    expect(info.get_by_test_id("add-to-cart")).to_be_disabled()
    expect(info.get_by_test_id("add-to-cart")).to_have_text("Out of stock")
    expect(info.get_by_test_id("quantity-select")).to_have_count(0)


def test_add_to_cart_shows_a_toast_and_publishes_cart_add_on_the_bus(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] >= 3)
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    expect(page.get_by_test_id("product-title")).to_have_text(product["name"])
    page.evaluate("""async () => {
        const { bus } = await import('@bazaar/platform');
        window.__seen = [];
        bus.subscribe('cart:add', (detail) => window.__seen.push(detail));
    }""")

    page.get_by_test_id("quantity-select").select_option("2")
    page.get_by_test_id("add-to-cart").click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"Added 2 × {product['name']} to your cart")
    assert page.evaluate("() => window.__seen") == [
        {
            "productId": product["id"],
            "name": product["name"],
            "price_cents": product["price"]["amount_cents"],
            "quantity": 2,
        }
    ]
    assert page.console_errors == []


def test_a_failing_catalog_bff_shows_an_error_with_retry_that_recovers(bazaar, page):
    page.route(PRODUCTS_API, lambda route: route.fulfill(status=503, body="catalog is down"))
    page.goto(bazaar.url + "/catalog")
    error = page.get_by_test_id("error-state")
    expect(error).to_contain_text("Something went wrong on our side")
    expect(page.get_by_test_id("product-card")).to_have_count(0)

    page.unroute(PRODUCTS_API)
    error.get_by_role("button", name="Try again").click()
    expect(page.get_by_test_id("product-card")).to_have_count(PAGE_SIZE)
    expect(error).to_have_count(0)
    assert page.console_errors == []


def test_a_category_page_says_so_when_the_categories_cannot_be_loaded(bazaar, page):
    categories_api = "**/bff/catalog/api/categories"
    page.route(categories_api, lambda route: route.fulfill(status=503, body="catalog is down"))
    page.goto(bazaar.url + "/catalog/c/kitchen")
    error = page.get_by_test_id("error-state")
    expect(error).to_contain_text("Something went wrong on our side")

    page.unroute(categories_api)
    error.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="Kitchen", exact=True)).to_be_visible()
    expect(page.get_by_test_id("product-card").first).to_be_visible()


def test_leaving_the_catalog_and_coming_back_leaves_exactly_one_catalog_rendered(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    page.add_init_script(COUNT_ROUTING_LISTENERS)
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    expect(page.get_by_test_id("product-title")).to_have_text(product["name"])
    listeners = page.evaluate("() => window.__routingListeners()")

    for _ in range(2):
        page.evaluate("async () => (await import('@bazaar/platform')).navigate('/no/such/page')")
        expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
        expect(page.locator(CATALOG_ROOT)).to_have_count(0)
        assert product["name"] not in page.title()

        page.go_back()
        expect(page.get_by_test_id("product-title")).to_have_text(product["name"])
        expect(page.locator(CATALOG_ROOT)).to_have_count(1)
        expect(page).to_have_title(re.compile(re.escape(product["name"])))
        assert page.evaluate("() => window.__routingListeners()") == listeners

    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("toast")).to_have_count(1)
    assert page.console_errors == []
