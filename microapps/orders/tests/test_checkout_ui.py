"""A shopper checks out (the orders app's /checkout) in a real Chromium: the review repeats the
cart, which the cart app tells over the bus, the form checks its fields, and placing the order
is safe to repeat. The cart and orders BFFs are faked with Playwright routes, so each test
decides how they answer."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, Route, expect

from tests.live import sign_in_on_provider_form

pytestmark = pytest.mark.browser

IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E"
CART = {
    "items": [
        {
            "product_id": "oak-bowl",
            "name": "Oak Bowl",
            "image_url": IMAGE,
            "price_cents": 2450,
            "price_display": "$24.50",
            "quantity": 2,
            "line_total_cents": 4900,
            "line_total_display": "$49.00",
            "stock": 9,
            "in_stock": True,
        },
    ],
    "count": 2,
    "subtotal_cents": 4900,
    "subtotal_display": "$49.00",
    "currency": "USD",
}
EMPTY_CART = {
    "items": [],
    "count": 0,
    "subtotal_cents": 0,
    "subtotal_display": "$0.00",
    "currency": "USD",
}
FORM = {
    "checkout-name": "Ada Admin",
    "checkout-email": "ada@example.com",
    "checkout-address": "1 Analytical Row",
    "checkout-city": "London",
    "checkout-postal-code": "N1 9GU",
}


class FakeOrdersBff:
    """POST /orders answers with the next of `answers`: a (status, body) pair or "abort"."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.posts: list[tuple[dict, dict]] = []

    def handle(self, route: Route) -> None:
        request = route.request
        if request.method != "POST":
            route.fulfill(status=404, json={"detail": "no such order", "code": "not_found"})
            return
        body = json.loads(request.post_data)
        self.posts.append((request.headers, body))
        answer = self.answers.pop(0)
        if answer == "abort":
            route.abort("connectionreset")
        elif answer[0] == 201:
            route.fulfill(status=201, json=order_for(body))
        else:
            route.fulfill(status=answer[0], json=answer[1])


def order_for(body: dict) -> dict:
    return {
        "id": body["id"],
        "status": "placed",
        "placed_at": 1_700_000_000_000,
        "lines": [],
        "total_cents": 4900,
        "total_display": "$49.00",
        "currency": "USD",
        "shipping": body["shipping"],
        "email": body["email"],
        "timeline": [{"status": "placed", "at": 1_700_000_000_000}],
    }


def open_checkout(page: Page, bazaar, orders: FakeOrdersBff, cart: dict = CART) -> list[str]:
    """Opens /checkout signed in; returns the list each BFF request's "METHOD path" goes into."""
    requests: list[str] = []
    page.on("request", lambda r: "/bff/" in r.url and requests.append(f"{r.method} {r.url}"))
    page.route("**/bff/cart/api/**", lambda route: route.fulfill(json=cart))
    page.route("**/bff/orders/api/**", orders.handle)
    page.goto(bazaar.url + "/checkout")
    sign_in_on_provider_form(page, "admin", "admin-password")
    page.wait_for_url(bazaar.url + "/checkout")
    return requests


def fill_form(page: Page) -> None:
    for test_id, value in FORM.items():
        page.get_by_test_id(test_id).fill(value)
    page.get_by_test_id("checkout-country").select_option("GB")


def test_the_review_repeats_the_cart_with_free_shipping(bazaar, page):
    open_checkout(page, bazaar, FakeOrdersBff())
    line = page.get_by_test_id("checkout-line")
    expect(line).to_have_count(1)
    expect(line.get_by_test_id("checkout-line-name")).to_have_text("Oak Bowl")
    expect(line.get_by_test_id("checkout-line-quantity")).to_have_text("2")
    expect(page.get_by_test_id("checkout-subtotal")).to_have_text("$49.00")
    expect(page.get_by_test_id("checkout-total")).to_have_text("$49.00")
    # The name starts as the signed-in user's.
    expect(page.get_by_test_id("checkout-name")).to_have_value("Ada Admin")
    assert page.console_errors == []


def test_the_cart_comes_from_the_cart_app_and_checkout_calls_only_the_orders_bff(bazaar, page):
    requests = open_checkout(page, bazaar, FakeOrdersBff((201, None)))
    expect(page.get_by_test_id("checkout-line")).to_have_count(1)
    fill_form(page)
    page.get_by_test_id("place-order").click()
    page.wait_for_url(re.compile(r"/orders/"))
    # The cart app's badge read the cart (its own BFF); the orders app called only its own.
    cart_reads = [r for r in requests if "/bff/cart/" in r]
    assert cart_reads and all(r.startswith("GET ") for r in cart_reads)
    assert any(r.startswith("POST ") and "/bff/orders/api/orders" in r for r in requests)


def test_a_cart_that_cannot_be_read_says_why_and_retry_shows_it(bazaar, page):
    cart_down = {"down": True}

    def cart(route: Route) -> None:
        if cart_down["down"]:
            route.fulfill(status=503, json={"detail": "maintenance", "code": "unavailable"})
        else:
            route.fulfill(json=CART)

    page.route("**/bff/cart/api/**", cart)
    page.route("**/bff/orders/api/**", FakeOrdersBff().handle)
    page.goto(bazaar.url + "/checkout")
    sign_in_on_provider_form(page, "admin", "admin-password")
    error = page.get_by_test_id("checkout-load-error")
    expect(error).to_contain_text("We couldn't load your cart")
    expect(error).to_contain_text("Something went wrong on our side")  # the cart app's words
    expect(page.get_by_test_id("place-order")).to_have_count(0)
    cart_down["down"] = False
    error.get_by_role("button").click()
    expect(page.get_by_test_id("checkout-line")).to_have_count(1)
    expect(page.get_by_test_id("checkout-total")).to_have_text("$49.00")


def test_an_empty_cart_shows_a_friendly_way_back_to_the_shop(bazaar, page):
    open_checkout(page, bazaar, FakeOrdersBff(), cart=EMPTY_CART)
    empty = page.get_by_test_id("checkout-empty")
    expect(empty).to_contain_text("There's nothing to check out")
    expect(empty.get_by_role("link", name="Browse the shop")).to_be_visible()
    expect(page.get_by_test_id("place-order")).to_have_count(0)


def test_the_form_says_what_is_wrong_with_each_field_and_sends_nothing(bazaar, page):
    orders = FakeOrdersBff()
    open_checkout(page, bazaar, orders)
    page.get_by_test_id("checkout-name").fill("")
    page.get_by_test_id("checkout-email").fill("ada@")
    page.get_by_test_id("checkout-postal-code").fill("#")
    page.get_by_test_id("place-order").click()
    expect(page.get_by_test_id("checkout-name-error")).to_contain_text("Enter the name")
    expect(page.get_by_test_id("checkout-email-error")).to_contain_text("like name@example.com")
    expect(page.get_by_test_id("checkout-address-error")).to_be_visible()
    expect(page.get_by_test_id("checkout-postal-code-error")).to_contain_text("valid postal code")
    expect(page.get_by_test_id("checkout-email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("checkout-name")).to_be_focused()
    assert orders.posts == []


def test_the_bffs_field_errors_land_on_their_fields(bazaar, page):
    orders = FakeOrdersBff(
        (
            422,
            {
                "detail": "shipping.postal_code: not a postal code in GB",
                "code": "validation_error",
                "errors": [{"field": "shipping.postal_code", "message": "not a postal code in GB"}],
            },
        )
    )
    open_checkout(page, bazaar, orders)
    fill_form(page)
    page.get_by_test_id("place-order").click()
    expect(page.get_by_test_id("checkout-postal-code-error")).to_have_text(
        "not a postal code in GB"
    )
    page.get_by_test_id("checkout-postal-code").fill("N1 9GV")
    expect(page.get_by_test_id("checkout-postal-code-error")).to_have_count(0)


def test_out_of_stock_says_which_product_and_a_new_try_is_a_new_attempt(bazaar, page):
    orders = FakeOrdersBff(
        (409, {"detail": "Only 1 Oak Bowl left: lower the quantity.", "code": "out_of_stock"}),
        (201, None),
    )
    open_checkout(page, bazaar, orders)
    fill_form(page)
    page.get_by_test_id("place-order").click()
    error = page.get_by_test_id("checkout-error")
    expect(error).to_contain_text("Only 1 Oak Bowl left: lower the quantity.")
    expect(error.get_by_role("link", name="Review your cart")).to_have_attribute("href", "/cart")
    expect(page.get_by_test_id("place-order")).to_be_enabled()

    page.get_by_test_id("place-order").click()
    page.wait_for_url(re.compile(r"/orders/"))
    (first_headers, first), (second_headers, second) = orders.posts
    assert first_headers["idempotency-key"] != second_headers["idempotency-key"]
    assert first["id"] != second["id"]


def test_a_lost_answer_is_sent_again_by_the_outbox_with_the_same_order_id_and_key(bazaar, page):
    orders = FakeOrdersBff("abort", (201, None))
    open_checkout(page, bazaar, orders)
    fill_form(page)
    page.get_by_test_id("place-order").dblclick()  # a double click places one order
    page.wait_for_url(re.compile(r"/orders/"))
    deadline = time.monotonic() + 15
    while len(orders.posts) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(200)  # the outbox retries after its backoff
    page.wait_for_timeout(500)
    assert len(orders.posts) == 2
    (first_headers, first), (second_headers, second) = orders.posts
    assert first_headers["idempotency-key"] == second_headers["idempotency-key"]
    assert first == second
    assert first["lines"] == [{"product_id": "oak-bowl", "quantity": 2}]
    assert first["shipping"] == {
        "name": "Ada Admin",
        "address": "1 Analytical Row",
        "city": "London",
        "postal_code": "N1 9GU",
        "country": "GB",
    }
    assert page.url.endswith(f"/orders/{first['id']}")
