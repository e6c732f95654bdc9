"""Reviews in a real browser: a signed-in shopper rates a product on its page, edits their
review (one per shopper and product), finds it under My reviews, and the catalog's average
follows through the event hub; a signed-out visitor reads it."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def product_at(bazaar, index: int) -> dict:
    url = f"{bazaar.url}/bff/catalog/api/products?page_size={index + 1}"
    with urllib.request.urlopen(url) as response:
        return json.load(response)["items"][index]


def test_a_shopper_rates_a_product_edits_the_review_and_the_catalog_follows(bazaar, page, browser):
    product = product_at(bazaar, 3)
    path = f"/catalog/p/{product['id']}"
    bazaar.sign_in(page, path, "alice")
    reviews = page.get_by_test_id("reviews-product")
    expect(reviews.get_by_test_id("reviews-summary")).to_contain_text("No reviews yet")
    reviews.locator(".star-picker__choice").filter(has_text="4 stars").click()
    reviews.get_by_label("Your review (optional)").fill("Solid, and it looks great.")
    reviews.get_by_role("button", name="Post review").click()
    expect(reviews.get_by_test_id("reviews-entry")).to_contain_text("Solid, and it looks great.")
    expect(reviews.get_by_test_id("reviews-summary")).to_contain_text("4.0 from 1 review")

    # One review per shopper and product: the form now edits it.
    reviews.locator(".star-picker__choice").filter(has_text="2 stars").click()
    reviews.get_by_role("button", name="Update review").click()
    expect(reviews.get_by_test_id("reviews-summary")).to_contain_text("2.0 from 1 review")
    expect(reviews.get_by_test_id("reviews-entry")).to_have_count(1)

    # The catalog keeps its average from review-updated events (through the hub worker);
    # the pages show it once their cached copy of the product (a minute at most) is renewed.
    for _ in range(40):
        if product_at(bazaar, 3)["rating"] == 2.0:
            break
        page.wait_for_timeout(250)
    assert (product_at(bazaar, 3)["rating"], product_at(bazaar, 3)["review_count"]) == (2.0, 1)

    page.get_by_role("link", name="My reviews").click()
    expect(page.get_by_test_id("reviews-item")).to_contain_text(product["name"])

    visitor = browser.new_context().new_page()
    visitor.goto(bazaar.url + path)
    visitor_reviews = visitor.get_by_test_id("reviews-product")
    expect(visitor_reviews.get_by_test_id("reviews-entry")).to_contain_text("Solid")
    expect(visitor_reviews).to_contain_text("Sign in to write a review.")
    visitor.context.close()
    assert page.console_errors == []


def test_a_review_without_stars_gets_the_shops_own_message_and_no_404_is_logged(bazaar, page):
    product = product_at(bazaar, 5)
    path = f"/catalog/p/{product['id']}"
    # Signed out: the way to write one is a link.
    page.goto(bazaar.url + path)
    reviews = page.get_by_test_id("reviews-product")
    expect(reviews.get_by_test_id("reviews-sign-in")).to_have_attribute(
        "href", re.compile("/oidc/")
    )
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    bazaar.sign_in(page, path, "bob")
    reviews.get_by_test_id("reviews-form").wait_for()
    assert not [url for url in failed if "/bff/reviews/" in url]  # "none of mine" is no 404
    reviews.get_by_role("button", name="Post review").click()
    error = reviews.get_by_test_id("reviews-stars-error")
    expect(error).to_have_text("Choose a rating from 1 to 5 stars.")
    expect(reviews.locator(".star-picker")).to_have_attribute("aria-invalid", "true")
    expect(reviews.get_by_test_id("reviews-entry")).to_have_count(0)  # nothing was sent
    reviews.locator(".star-picker__choice").filter(has_text="5 stars").click()
    expect(error).to_have_count(0)
