"""Steps of a shopper's visit, shared by the journeys in the embedded and distributed modes."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Page, expect

DELIVERY_TIMEOUT_MS = 40_000  # placed -> paid -> shipped -> delivered, 1 s apart in tests
STATUSES = ["placed", "paid", "shipped", "delivered"]
ORDER_URL = re.compile(r"/orders/([A-Za-z0-9-]+)$")
SHIPPING = {
    "checkout-name": "Alice Archer",
    "checkout-email": "alice@example.com",
    "checkout-address": "12 Harbour Street",
    "checkout-city": "Portsmouth",
    "checkout-postal-code": "PO1 3AX",
}


def in_stock_card_names(page: Page) -> list[str]:
    """Products that are plainly in stock (not 'Only N left'), so a quantity of 2 is fine."""
    page.get_by_test_id("product-card").first.wait_for()
    cards = page.get_by_test_id("product-card").filter(
        has=page.get_by_test_id("stock-badge").filter(has_text=re.compile(r"^In stock$"))
    )
    return cards.get_by_test_id("product-name").all_inner_texts()


def add_to_cart_from_product_page(page: Page, name: str, expected_count: int) -> None:
    page.get_by_test_id("product-name").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
    page.wait_for_url(re.compile(r"/catalog/p/"))
    expect(page.get_by_test_id("product-title")).to_have_text(name)
    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text(str(expected_count))


def check_out(page: Page) -> None:
    """From any page: the cart badge, checkout, the shipping form filled in, "Place order"."""
    page.get_by_test_id("cart-badge").click()
    page.get_by_test_id("proceed-to-checkout").click()
    for test_id, value in SHIPPING.items():
        page.get_by_test_id(test_id).fill(value)
    page.get_by_test_id("place-order").click()


def cart_lines(page: Page) -> dict[str, tuple[int, str]]:
    """name -> (quantity, line total) as the cart page shows them."""
    lines = {}
    for line in page.get_by_test_id("cart-line").all():
        name = line.get_by_test_id("cart-line-name").inner_text()
        quantity = int(line.get_by_test_id("cart-quantity").input_value())
        lines[name] = (quantity, line.get_by_test_id("cart-line-total").inner_text())
    return lines


def order_lines(page: Page) -> dict[str, tuple[int, str]]:
    lines = {}
    for line in page.get_by_test_id("order-line").all():
        name = line.get_by_test_id("order-line-name").inner_text()
        quantity = int(line.get_by_test_id("order-line-quantity").inner_text())
        lines[name] = (quantity, line.get_by_test_id("order-line-total").inner_text())
    return lines


def fill_a_cart_check_out_and_see_the_order_delivered(bazaar, page: Page, shot) -> None:
    """The acceptance journey: three products from the catalog, a quantity changed in the
    cart, checkout with its validation, the order followed live until delivered, and the
    history. ``bazaar`` is the shop (a tests.live.LiveServer), ``shot(name)`` screenshots."""
    bazaar.sign_in(page, "/catalog", "alice")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    shot("catalog")

    # Three different in-stock products, each opened and added from its own page.
    chosen = in_stock_card_names(page)[:3]
    assert len(chosen) == 3, "the first catalog page should have three products in stock"
    for count, name in enumerate(chosen, start=1):
        add_to_cart_from_product_page(page, name, count)
        shot(f"added-{count}")
        page.go_back()
        page.wait_for_url(bazaar.url + "/catalog")

    # The cart holds them; one line goes to a quantity of 2.
    page.get_by_test_id("cart-badge").click()
    page.wait_for_url(bazaar.url + "/cart")
    expect(page.get_by_test_id("cart-line")).to_have_count(3)
    assert sorted(cart_lines(page)) == sorted(chosen)
    shot("cart")

    first_line = page.get_by_test_id("cart-line").first
    first_line.get_by_test_id("cart-quantity").select_option("2")
    expect(page.get_by_test_id("cart-count")).to_have_text("4")
    expect(page.get_by_test_id("cart-item-count")).to_have_text("4 items")
    expect(first_line).to_have_attribute("aria-busy", "false")
    cart = cart_lines(page)
    assert sorted(quantity for quantity, _ in cart.values()) == [1, 1, 2]
    subtotal = page.get_by_test_id("cart-subtotal").inner_text()
    shot("cart-quantity-2")

    # Checkout: the review repeats the cart; the form is filled and the order placed.
    page.get_by_test_id("proceed-to-checkout").click()
    page.wait_for_url(bazaar.url + "/checkout")
    expect(page.get_by_test_id("checkout-total")).to_have_text(subtotal)
    expect(page.get_by_test_id("checkout-line")).to_have_count(3)
    shot("checkout")
    page.get_by_test_id("place-order").click()  # an empty email: the form says what is missing
    expect(page.get_by_test_id("checkout-email-error")).to_be_visible()
    shot("checkout-validation")
    for test_id, value in SHIPPING.items():
        page.get_by_test_id(test_id).fill(value)
    page.get_by_test_id("checkout-country").select_option("GB")
    expect(page.get_by_test_id("checkout-email-error")).to_have_count(0)
    shot("checkout-filled")
    page.get_by_test_id("place-order").click()

    # The order page follows the order until it is delivered.
    page.wait_for_url(ORDER_URL)
    order_id = ORDER_URL.search(page.url).group(1)
    status = page.get_by_test_id("order-status")
    status.wait_for()
    shot("order-placed")
    expect(status).to_have_attribute("data-status", "delivered", timeout=DELIVERY_TIMEOUT_MS)
    assert status.text_content() == "delivered"
    steps = page.get_by_test_id("timeline-step")
    expect(steps).to_have_count(4)
    assert [s.get_attribute("data-status") for s in steps.all()] == STATUSES
    assert [s.get_attribute("data-done") for s in steps.all()] == ["true"] * 4
    assert order_lines(page) == cart
    assert page.get_by_test_id("order-total").inner_text() == subtotal
    shipping = page.get_by_test_id("order-shipping").inner_text()
    for part in ("12 Harbour Street", "Portsmouth", "PO1 3AX", "United Kingdom"):
        assert part in shipping
    # The cart BFF empties the cart once the order is placed; the badge follows.
    expect(page.get_by_test_id("cart-count")).to_have_text("0", timeout=10_000)
    shot("order-delivered")

    # The history lists it.
    page.locator(".site-nav").get_by_role("link", name="Orders").click()
    page.wait_for_url(bazaar.url + "/orders")
    row = page.locator(f"[data-testid=order-row][data-order-id='{order_id}']")
    expect(row).to_be_visible()
    expect(row.get_by_test_id("order-row-total")).to_have_text(subtotal)
    expect(row.get_by_test_id("order-status-pill")).to_have_attribute("data-status", "delivered")
    shot("order-history")
    assert page.console_errors == [], page.console_errors


def first_product_path(page: Page, base_url: str) -> str:
    """The path of the catalog's first product page (``/catalog/p/<id>``)."""
    page.goto(base_url + "/catalog")
    first = page.get_by_test_id("product-card").first.get_by_role("link").first
    return "/catalog/p/" + first.evaluate("(a) => a.pathname.split('/').pop()")


def settle(page: Page) -> None:
    """The shop has drawn what it loads: the root config ran and no app is still loading."""
    page.wait_for_function("() => document.documentElement.dataset.shell === 'ready'")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.app-host, .parcel-host')]"
        ".some((h) => !h.hidden && h.dataset.state === 'loading')"
    )


@contextlib.contextmanager
def settled_page(browser, base_url: str, path: str, *, width: int, height: int, **options):
    """A fresh browser context ``width`` wide, on ``path`` (``"FIRST"``: the catalog's first
    product page) once it has settled: (its page, the path opened). Closed after."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        page = context.new_page()
        if path == "FIRST":
            path = first_product_path(page, base_url)
        page.goto(base_url + path)
        settle(page)
        yield page, path
    finally:
        context.close()
