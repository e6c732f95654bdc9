"""A shopper uses the catalog micro-app in a real Chromium: sort, page, search (also from the
header on any page), not-found states, stock, add to cart and save to wish list through
whichever app handles those bus signals, a failing BFF, and a clean unmount.

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

# A stand-in for the cart app, as any app would handle the topic: window globals are the test's.
FAKE_CART = """async ({ answer, message }) => {
  const { bus, signals } = await import('@bazaar/platform');
  window.__cartRequests = [];
  window.__stopFakeCart = bus.subscribe(signals.CART_ADD, (detail) => {
    window.__cartRequests.push(detail);
    if (answer === 'added') bus.publish(signals.CART_ADDED, { ...detail, count: detail.quantity });
    else bus.publish(signals.CART_ADD_FAILED, { productId: detail.productId, message });
  });
}"""
FAKE_WISHLIST = """async () => {
  const { bus, signals } = await import('@bazaar/platform');
  window.__wishlistRequests = [];
  window.__stopFakeWishlist = bus.subscribe(signals.WISHLIST_SAVE, (detail) => {
    window.__wishlistRequests.push(detail);
    bus.publish(signals.WISHLIST_SAVED, { productId: detail.productId });
  });
}"""


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


def open_product(page: Page, bazaar, product: dict) -> None:
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    expect(page.get_by_test_id("product-title")).to_have_text(product["name"])


def sign_in(page: Page, username: str, password: str) -> None:
    """From a shop page, through the dev OpenID provider's form and back."""
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def cart_add(product: dict, quantity: int) -> dict:
    """The cart:add detail the catalog publishes: the product's id and the quantity, with the
    name, price, picture and stock that let the cart show the line before its BFF confirms."""
    return {
        "productId": product["id"],
        "quantity": quantity,
        "name": product["name"],
        "priceCents": product["price_cents"],
        "imageUrl": product["image_url"],
        "stock": product["stock"],
    }


def install_fake_cart(page: Page, *, answer: str = "added", message: str = "") -> None:
    """Stand in for a cart app: handle signals.CART_ADD, record the requests and answer them."""
    page.evaluate(FAKE_CART, {"answer": answer, "message": message})


def install_fake_wishlist(page: Page) -> None:
    page.evaluate(FAKE_WISHLIST)


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


def header_search(page: Page):
    return page.locator(".site-header").get_by_role("searchbox", name="Search products")


def expect_lamp_results(bazaar, page: Page) -> None:
    page.wait_for_url(re.compile(r"/catalog\?q=lamp$"))
    expected = [p["name"] for p in bff_products(bazaar, q="lamp", page_size=PAGE_SIZE)["items"]]
    assert expected
    expect(page.get_by_test_id("product-name")).to_have_text(expected)
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “lamp”")
    expect(header_search(page)).to_have_value("lamp")


@pytest.mark.parametrize("path", ["/", "/catalog/c/kitchen", "/no/such/page"])
def test_the_header_search_box_searches_the_whole_shop_from_any_page(bazaar, page, path):
    page.goto(bazaar.url + path)
    search = header_search(page)
    expect(search).to_have_attribute("data-testid", "header-search")
    expect(search).to_have_value("")
    search.fill("lamp")
    search.press("Enter")
    expect_lamp_results(bazaar, page)
    assert page.console_errors == []


def test_the_header_search_box_works_from_another_apps_page(bazaar, page):
    page.goto(bazaar.url + "/")
    sign_in(page, "alice", "alice-password")
    page.wait_for_url(bazaar.url + "/")
    page.evaluate("async () => (await import('@bazaar/platform')).navigate('/cart')")
    page.wait_for_url(bazaar.url + "/cart")
    expect(page.locator(CATALOG_ROOT)).to_have_count(0)

    header_search(page).fill("lamp")
    page.get_by_test_id("header-search").press("Enter")
    expect_lamp_results(bazaar, page)


def test_the_header_search_box_follows_the_search_being_looked_at(bazaar, page):
    open_list(page, bazaar.url + "/catalog?q=lamp")
    search = header_search(page)
    expect(search).to_have_value("lamp")

    page.get_by_test_id("product-card").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/catalog/p/"))
    expect(search).to_have_value("")
    page.go_back()
    expect(search).to_have_value("lamp")

    search.fill("  mug ")
    page.locator(".site-header").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/catalog\?q=mug$"))
    expect(search).to_have_value("mug")
    expect(page.get_by_test_id("search-input")).to_have_value("mug")


def test_the_search_box_on_a_category_page_searches_within_that_category(bazaar, page):
    search = search_for(page, bazaar.url + "/catalog/c/lighting", "lamp")
    page.wait_for_url(re.compile(r"/catalog/c/lighting\?q=lamp$"))
    expected = bff_products(bazaar, category="lighting", q="lamp", page_size=PAGE_SIZE)
    expect(page.get_by_test_id("product-name")).to_have_text([p["name"] for p in expected["items"]])
    expect(page.get_by_test_id("result-count")).to_have_text(f"{expected['total']} products")
    expect(search).to_have_value("lamp")


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


@pytest.mark.parametrize(
    ("fits", "badge"),
    [
        (lambda p: p["stock"] == 0, lambda p: "Sold out"),
        (lambda p: 1 <= p["stock"] <= 5, lambda p: f"Only {p['stock']} left"),
        (lambda p: p["stock"] > 5, lambda p: "In stock"),
    ],
    ids=["sold-out", "low", "in-stock"],
)
def test_a_product_page_says_clearly_how_many_are_in_stock(bazaar, page, fits, badge):
    product = find_product(bazaar, fits)
    open_product(page, bazaar, product)
    expect(page.locator(".pdp__info").get_by_test_id("stock-badge")).to_have_text(badge(product))


def test_a_sold_out_product_cannot_be_added_to_the_cart_even_with_a_cart_app(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] == 0)
    open_product(page, bazaar, product)
    install_fake_cart(page)
    info = page.locator(".pdp__info")
    expect(info.get_by_test_id("add-to-cart")).to_be_disabled()
    expect(info.get_by_test_id("add-to-cart")).to_have_text("Sold out")
    expect(info.get_by_test_id("quantity-select")).to_have_count(0)


def test_signed_out_without_a_cart_app_the_product_page_offers_sign_in_to_buy(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    open_product(page, bazaar, product)
    sign_in = page.get_by_test_id("sign-in-to-buy")
    expect(sign_in).to_have_text("Sign in to buy")
    next_url = urllib.parse.quote(f"/catalog/p/{product['id']}", safe="")
    expect(sign_in).to_have_attribute("href", f"/oidc/authenticate/?next={next_url}")
    expect(page.get_by_test_id("add-to-cart")).to_have_count(0)
    expect(page.get_by_test_id("save-to-wishlist")).to_have_count(0)
    expect(page.get_by_test_id("card-add-to-cart")).to_have_count(0)  # related products
    assert page.console_errors == []


def test_add_to_cart_appears_and_goes_with_the_app_that_handles_cart_add(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    open_product(page, bazaar, product)
    expect(page.get_by_test_id("sign-in-to-buy")).to_be_visible()

    install_fake_cart(page)
    expect(page.get_by_test_id("add-to-cart")).to_be_enabled()
    expect(page.get_by_test_id("sign-in-to-buy")).to_have_count(0)

    page.evaluate("() => window.__stopFakeCart()")
    expect(page.get_by_test_id("sign-in-to-buy")).to_be_visible()
    expect(page.get_by_test_id("add-to-cart")).to_have_count(0)


def test_add_to_cart_asks_the_cart_app_over_the_bus_and_confirms_its_answer(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] >= 3)
    open_product(page, bazaar, product)
    install_fake_cart(page)

    page.get_by_test_id("quantity-select").select_option("2")
    page.get_by_test_id("add-to-cart").click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"Added 2 × {product['name']} to your cart")
    expect(toast).to_have_attribute("data-tone", "success")
    assert page.evaluate("() => window.__cartRequests") == [cart_add(product, 2)]
    expect(page.get_by_test_id("add-to-cart")).to_be_enabled()
    assert page.console_errors == []


def test_a_refused_add_to_cart_shows_the_cart_apps_reason_and_can_be_tried_again(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    open_product(page, bazaar, product)
    install_fake_cart(page, answer="failed", message="Only 1 left in stock")

    page.get_by_test_id("add-to-cart").click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"We couldn't add {product['name']} to your cart")
    expect(toast).to_contain_text("Only 1 left in stock")
    expect(toast).to_have_attribute("data-tone", "error")
    expect(page.get_by_test_id("add-to-cart")).to_have_text("Add to cart")
    expect(page.get_by_test_id("add-to-cart")).to_be_enabled()


@pytest.mark.no_service_worker
def test_a_signed_in_shopper_sees_cart_unavailable_when_the_cart_app_cannot_load(bazaar, page):
    page.route(re.compile(r"/apps/cart/"), lambda route: route.abort())
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    page.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    sign_in(page, "admin", "admin-password")
    page.wait_for_url(f"{bazaar.url}/catalog/p/{product['id']}")

    button = page.get_by_test_id("add-to-cart")
    expect(button).to_have_text("Cart unavailable", timeout=10_000)
    expect(button).to_be_disabled()
    expect(page.get_by_test_id("sign-in-to-buy")).to_have_count(0)


def test_product_cards_offer_a_quick_add_to_cart_that_stays_on_the_list(bazaar, page):
    open_list(page, bazaar.url + "/catalog")
    expect(page.get_by_test_id("card-add-to-cart")).to_have_count(0)
    install_fake_cart(page)

    cards = page.get_by_test_id("product-card")
    in_stock = cards.filter(has=page.get_by_test_id("card-add-to-cart"))
    sold_out = cards.filter(has=page.get_by_text("Sold out", exact=True))
    expect(in_stock).to_have_count(PAGE_SIZE - sold_out.count())
    name = in_stock.first.get_by_test_id("product-name").inner_text()
    product = next(
        p for p in bff_products(bazaar, page_size=PAGE_SIZE)["items"] if p["name"] == name
    )

    in_stock.first.get_by_test_id("card-add-to-cart").click()
    expect(page.get_by_test_id("toast")).to_contain_text(f"Added 1 × {name} to your cart")
    expect(in_stock.first.get_by_test_id("card-add-to-cart")).to_have_text("✓ Added")
    assert page.evaluate("() => window.__cartRequests") == [cart_add(product, 1)]
    assert re.search(r"/catalog$", page.url)


def test_save_to_wish_list_shows_only_while_an_app_handles_it_and_sends_only_the_id(bazaar, page):
    product = find_product(bazaar, lambda p: p["stock"] > 0)
    open_product(page, bazaar, product)
    save = page.get_by_test_id("save-to-wishlist")
    expect(save).to_have_count(0)

    install_fake_wishlist(page)
    expect(save).to_have_text("♡ Save to wish list")
    save.click()
    expect(save).to_have_text("♥ Saved to wish list")
    assert page.evaluate("() => window.__wishlistRequests") == [{"productId": product["id"]}]

    page.evaluate("() => window.__stopFakeWishlist()")
    expect(save).to_have_count(0)
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

    install_fake_cart(page)
    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("toast")).to_have_count(1)
    assert page.console_errors == []
