"""A shopper uses the cart micro-app in a real Chromium: the header badge answers "cart:add"
optimistically, the /cart page changes lines and reports failures. The cart BFF is faked with
Playwright routes, so each test controls exactly what the cart holds and how it answers."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from tests.live import sign_in_on_provider_form

pytestmark = pytest.mark.browser

CART_API = "**/bff/cart/api/**"
IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E"


def line(product_id: str, name: str, price_cents: int, quantity: int = 1, stock: int = 20) -> dict:
    return {
        "product_id": product_id,
        "name": name,
        "image_url": IMAGE,
        "price_cents": price_cents,
        "quantity": quantity,
        "stock": stock,
        "in_stock": stock > 0,
    }


def dollars(cents: int) -> str:
    return f"${cents / 100:,.2f}"


class FakeCartBff:
    """Answers the cart BFF's routes from a dict; `fail` maps "METHOD path" to (status, body)."""

    def __init__(self, *lines: dict):
        self.lines = {item["product_id"]: dict(item) for item in lines}
        self.requests: list[tuple[str, str, dict]] = []
        self.fail: dict[str, tuple[int, dict]] = {}

    def cart(self) -> dict:
        items = []
        for item in self.lines.values():
            total = item["price_cents"] * item["quantity"]
            items.append(
                {
                    **item,
                    "price_display": dollars(item["price_cents"]),
                    "line_total_cents": total,
                    "line_total_display": dollars(total),
                }
            )
        subtotal = sum(i["line_total_cents"] for i in items)
        return {
            "items": items,
            "count": sum(i["quantity"] for i in items),
            "subtotal_cents": subtotal,
            "subtotal_display": dollars(subtotal),
            "currency": "USD",
        }

    def handle(self, route: Route) -> None:
        request = route.request
        path = request.url.split("/bff/cart/api", 1)[1]
        self.requests.append((request.method, path, request.headers))
        failure = self.fail.get(f"{request.method} {path}")
        if failure:
            route.fulfill(status=failure[0], json=failure[1])
            return
        body = json.loads(request.post_data) if request.post_data else {}
        product_id = path.rsplit("/", 1)[-1]
        if request.method == "PUT":
            self.lines[product_id]["quantity"] = body["quantity"]
        elif request.method == "DELETE":
            self.lines.pop(product_id, None)
        elif request.method == "POST":
            item = self.lines.setdefault(
                body["product_id"], line(body["product_id"], "New thing", 500, 0)
            )
            item["quantity"] += body["quantity"]
        route.fulfill(json=self.cart())


@pytest.fixture
def fake_cart(page: Page) -> FakeCartBff:
    fake = FakeCartBff(
        line("oak-bowl", "Oak Bowl", 2450), line("tea-tin", "Tea Tin", 999, quantity=2)
    )
    page.route(CART_API, fake.handle)
    return fake


def open_cart(page: Page, bazaar) -> None:
    page.goto(bazaar.url + "/cart")
    sign_in_on_provider_form(page, "admin", "admin-password")
    page.wait_for_url(bazaar.url + "/cart")


def test_the_cart_page_lists_lines_with_prices_and_a_subtotal(bazaar, page, fake_cart):
    open_cart(page, bazaar)
    expect(page.get_by_test_id("cart-line")).to_have_count(2)
    expect(page.get_by_test_id("cart-line-name")).to_have_text(["Oak Bowl", "Tea Tin"])
    expect(page.get_by_test_id("cart-line-total")).to_have_text(["$24.50", "$19.98"])
    expect(page.get_by_test_id("cart-subtotal")).to_have_text("$44.48")
    expect(page.get_by_test_id("cart-count")).to_have_text("3")
    name_link = page.get_by_test_id("cart-line-name").first
    expect(name_link).to_have_attribute("href", "/catalog/p/oak-bowl")
    expect(page.get_by_test_id("proceed-to-checkout")).to_have_attribute("href", "/checkout")
    assert page.console_errors == []


def test_changing_a_quantity_puts_it_and_the_badge_follows(bazaar, page, fake_cart):
    open_cart(page, bazaar)
    page.get_by_test_id("cart-quantity").first.select_option("3")
    expect(page.get_by_test_id("cart-subtotal")).to_have_text("$93.48")
    expect(page.get_by_test_id("cart-count")).to_have_text("5")
    assert ("PUT", "/cart/items/oak-bowl") in [(m, p) for m, p, _ in fake_cart.requests]


def test_removing_a_line_deletes_it_and_the_last_one_leaves_the_empty_state(
    bazaar, page, fake_cart
):
    open_cart(page, bazaar)
    for remaining in (1, 0):
        page.get_by_test_id("cart-remove").first.click()
        expect(page.get_by_test_id("cart-line")).to_have_count(remaining)
    empty = page.get_by_test_id("cart-empty")
    expect(empty).to_be_visible()
    expect(empty.get_by_role("link", name="Browse the shop")).to_have_attribute("href", "/catalog")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")


def test_a_refused_change_says_why_on_its_line_and_keeps_the_quantity(bazaar, page, fake_cart):
    fake_cart.fail["PUT /cart/items/tea-tin"] = (
        404,
        {"detail": "Tea Tin is not in your cart", "code": "not_found"},
    )
    open_cart(page, bazaar)
    tea = page.locator("[data-testid=cart-line][data-product-id=tea-tin]")
    tea.get_by_test_id("cart-quantity").select_option("1")
    expect(tea.get_by_role("alert")).to_have_text("Tea Tin is not in your cart")
    expect(tea.get_by_test_id("cart-quantity")).to_have_value("2")
    expect(page.get_by_test_id("outbox-failed")).to_have_attribute("data-count", "1")


def test_a_failing_cart_bff_shows_an_error_with_retry_that_recovers(bazaar, page, fake_cart):
    fake_cart.fail["GET /cart"] = (503, {"detail": "down", "code": "unavailable"})
    open_cart(page, bazaar)
    error = page.get_by_test_id("cart-error")
    expect(error).to_contain_text("Something went wrong on our side")
    del fake_cart.fail["GET /cart"]
    error.get_by_role("button", name="Try again").click()
    expect(page.get_by_test_id("cart-line")).to_have_count(2)


ADD = """async (detail) => {
  const { bus, signals } = await import('@bazaar/platform');
  const badge = document.querySelector("[data-app='@bazaar/cart#header-right']").shadowRoot;
  const seen = [];
  const observer = new MutationObserver(() => seen.push(badge.querySelector('[data-testid=cart-count]').textContent));
  observer.observe(badge, { subtree: true, childList: true, characterData: true });
  const answer = new Promise((resolve) => {
    bus.subscribe(signals.CART_ADDED, (d) => resolve(['added', d]));
    bus.subscribe(signals.CART_ADD_FAILED, (d) => resolve(['failed', d]));
  });
  bus.publish(signals.CART_ADD, detail);
  const result = await answer;
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return { result, seen: seen.filter((v, i) => v !== seen[i - 1]) };
}"""


def test_an_add_on_the_bus_is_counted_at_once_and_confirmed_by_the_cart_bff(
    bazaar, page, fake_cart
):
    open_cart(page, bazaar)
    expect(page.get_by_test_id("cart-count")).to_have_text("3")
    outcome = page.evaluate(ADD, {"productId": "oak-bowl", "quantity": 2})
    assert outcome["result"] == [
        "added",
        {"productId": "oak-bowl", "quantity": 2, "count": 5, "queued": False},
    ]
    assert outcome["seen"][0] == "5"
    posts = [headers for method, path, headers in fake_cart.requests if method == "POST"]
    assert len(posts) == 1 and len(posts[0]["idempotency-key"]) >= 32
    expect(page.get_by_test_id("cart-line-total").first).to_have_text("$73.50")  # the page follows


def test_a_refused_add_rolls_the_badge_back_and_passes_on_the_bffs_message(bazaar, page, fake_cart):
    fake_cart.fail["POST /cart/items"] = (
        422,
        {
            "detail": "product_id: no product 'ghost' in the catalog",
            "code": "validation_error",
            "errors": [{"field": "product_id", "message": "no product 'ghost' in the catalog"}],
        },
    )
    open_cart(page, bazaar)
    expect(page.get_by_test_id("cart-count")).to_have_text("3")
    outcome = page.evaluate(ADD, {"productId": "ghost", "quantity": 1})
    assert outcome["result"] == [
        "failed",
        {
            "productId": "ghost",
            "message": "product_id: no product 'ghost' in the catalog",
        },
    ]
    assert outcome["seen"] == ["4", "3"]
    expect(page.get_by_test_id("cart-count")).to_have_text("3")
    # Told at once, and kept in the failed list to retry or discard (the README's promise).
    expect(page.get_by_test_id("outbox-failed")).to_have_attribute("data-count", "1")
