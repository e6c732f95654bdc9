"""Recently viewed, a micro-app without a view library (a plain custom element), mounted in
the footer beside the Preact apps: it follows the catalog over the shared bus, keeps the list
on this device, and takes the shell's design tokens."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SRC = Path(__file__).resolve().parent.parent / "src"
ITEMS = "[data-app='@bazaar/recent#footer'] [data-testid=recently-viewed-item]"


def products(bazaar, count: int) -> list[dict]:
    """The first products of the catalog BFF's default order."""
    with urllib.request.urlopen(f"{bazaar.url}/bff/catalog/api/products?page_size={count}") as r:
        return json.load(r)["items"]


def test_it_is_written_without_a_view_library():
    imports = {
        specifier
        for file in SRC.rglob("*.js")
        for specifier in re.findall(r'from\s+"([^"]+)"', file.read_text())
    }
    assert {s for s in imports if not s.startswith("./")} == {"@bazaar/platform"}


def test_products_opened_show_up_newest_first_and_survive_a_reload(bazaar, page):
    [first] = products(bazaar, 1)
    page.goto(f"{bazaar.url}/catalog/p/{first['id']}")
    expect(page.locator(ITEMS)).to_have_count(1)
    # Opened from the catalog, without a page load: the list follows over the bus.
    page.goto(f"{bazaar.url}/catalog")
    cards = page.get_by_test_id("product-card").filter(has_not_text=first["name"])
    second = {
        "name": cards.first.get_by_test_id("product-name").inner_text(),
        "price": cards.first.get_by_test_id("product-price").inner_text(),
    }
    cards.first.get_by_test_id("product-name").click()
    expect(page.get_by_test_id("product-title")).to_have_text(second["name"])
    expect(page.locator(ITEMS)).to_have_count(2)
    expect(page.locator(ITEMS).first).to_contain_text(second["name"])
    expect(page.locator(ITEMS).first).to_contain_text(second["price"])
    expect(page.locator(ITEMS).nth(1)).to_contain_text(first["name"])

    page.reload()
    expect(page.locator(ITEMS)).to_have_count(2)
    # Its links navigate like every link of the shop (no page load).
    page.evaluate("() => { window.__samePage = true; }")
    page.locator(ITEMS).nth(1).click()
    expect(page.get_by_test_id("product-title")).to_have_text(first["name"])
    assert page.evaluate("() => window.__samePage") is True


def test_it_takes_the_shells_design_tokens(bazaar, page):
    page.goto(f"{bazaar.url}/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    font = page.evaluate(
        """() => {
          const slot = document.querySelector("[data-app='@bazaar/recent#footer']");
          const element = slot.shadowRoot.querySelector("bazaar-recently-viewed");
          return getComputedStyle(element.shadowRoot.querySelector("h2")).fontFamily;
        }"""
    )
    assert "Inter" in font  # --bz-font, set by the shell's stylesheet
