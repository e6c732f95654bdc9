"""Reviews in a real browser: a signed-in shopper adds theirs on a product page, sees it
there and on /reviews, and a signed-out visitor reads it."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def first_product(bazaar) -> dict:
    with urllib.request.urlopen(f"{bazaar.url}/bff/catalog/api/products?page_size=1") as response:
        return json.load(response)["items"][0]


def test_a_shopper_adds_theirs_on_a_product_page_and_finds_it_on_the_page(bazaar, page, browser):
    product = first_product(bazaar)
    bazaar.sign_in(page, f"/catalog/p/{product['id']}", "alice")
    section = page.get_by_test_id("reviews-product")
    section.get_by_label("Add yours").fill("Written in a browser test.")
    section.get_by_role("button", name="Save").click()
    expect(section.get_by_test_id("reviews-entry")).to_contain_text("Written in a browser test.")

    page.get_by_role("link", name="Reviews").first.click()
    expect(page.get_by_test_id("reviews-item")).to_contain_text(product["name"])

    visitor = browser.new_context().new_page()
    visitor.goto(f"{bazaar.url}/catalog/p/{product['id']}")
    visitor_section = visitor.get_by_test_id("reviews-product")
    expect(visitor_section.get_by_test_id("reviews-entry")).to_contain_text(
        "Written in a browser test."
    )
    expect(visitor_section).to_contain_text("Sign in to add yours.")
    visitor.context.close()
    assert page.console_errors == []
