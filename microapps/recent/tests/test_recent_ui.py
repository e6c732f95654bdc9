"""Recently viewed, a Vue app (single-spa-vue) mounted in the footer beside the Preact apps:
Vue and single-spa-vue come from the registry as shared libraries, it renders in the light DOM
with its stylesheet scoped by the shell, follows the catalog over the shared bus, keeps the
list on this device, and takes the shell's design tokens."""

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


def test_it_is_written_with_vue_through_single_spa_vue_shared_by_the_registry():
    imports = {
        specifier
        for file in SRC.rglob("*.js")
        for specifier in re.findall(r'from\s+"([^"]+)"', file.read_text())
    }
    assert {s for s in imports if not s.startswith(".")} == {
        "@bazaar/platform",
        "vue",
        "single-spa-vue",
    }
    manifest = json.loads((SRC.parent / "manifest.json").read_text())
    assert set(manifest["shared"]) == {"vue", "single-spa-vue"}
    assert manifest["isolation"] == "none"


def test_vue_is_a_shared_library_of_the_import_map_loaded_once(bazaar, page):
    vue = []
    page.on("request", lambda r: vue.append(r.url) if "/vue@" in r.url else None)
    page.goto(f"{bazaar.url}/catalog")
    expect(page.locator(ITEMS.split(" [")[0] + " .bz-recent")).to_be_visible()
    imports = page.evaluate(
        "() => JSON.parse(document.querySelector('script[type=importmap]').textContent).imports"
    )
    assert "/static/vendor/vue@" in imports["vue"]
    assert len(vue) == 1, vue  # preloaded with the page, not fetched again by the import
    # single-spa sees it as the parcel it is, mounted.
    status = page.evaluate(
        "() => document.querySelector(\"[data-app='@bazaar/recent#footer']\").dataset.state"
    )
    assert status == "mounted"


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


def test_it_takes_the_shells_design_tokens_and_its_styles_stay_in_it(bazaar, page):
    page.goto(f"{bazaar.url}/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    title = page.locator("[data-app='@bazaar/recent#footer'] .bz-recent__title")
    expect(title).to_have_text("Recently viewed")
    assert "system-ui" in title.evaluate("(e) => getComputedStyle(e).fontFamily")  # --bz-font
    assert title.evaluate("(e) => getComputedStyle(e).textTransform") == "uppercase"
    # Its stylesheet applies scoped by the shell (its <style> in <head> is disabled).
    scoped = page.evaluate(
        """() => document.adoptedStyleSheets.some((sheet) =>
             [...sheet.cssRules].some((rule) => rule.cssText.includes('.bz-recent__title')
               && rule.cssText.startsWith('@scope')))"""
    )
    assert scoped
