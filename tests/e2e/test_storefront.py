"""A shopper browses the demo storefront in a real Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def product_names(page) -> list[str]:
    return page.get_by_test_id("product-name").all_inner_texts()


def test_the_home_page_shows_categories_and_featured_products_with_images(bazaar, page):
    response = page.goto(bazaar.url + "/")
    assert response.status == 200
    page.get_by_test_id("category-tile").first.wait_for()
    assert page.get_by_test_id("category-tile").count() == 12
    page.get_by_test_id("product-card").first.wait_for()
    image = page.get_by_test_id("product-card").first.locator("img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert page.console_errors == []


def test_a_shopper_filters_by_category_from_the_nav(bazaar, page):
    page.goto(bazaar.url + "/")
    page.get_by_role("link", name="Kitchen", exact=True).first.click()
    page.wait_for_url("**/catalog/c/kitchen")
    expect_count = page.get_by_test_id("result-count")
    expect_count.wait_for()
    page.wait_for_function(
        "() => /18 products/.test(document.querySelector('[data-app=\"@bazaar/catalog\"]')"
        ".shadowRoot.querySelector('[data-testid=result-count]')?.textContent || '')"
    )
    assert page.get_by_test_id("product-card").count() == 18


def test_a_shopper_searches_and_opens_a_product_by_clicking(bazaar, page):
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    search = page.get_by_test_id("search-input")
    search.fill("lamp")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=lamp"))
    page.wait_for_function(
        "() => { const root = document.querySelector('[data-app=\"@bazaar/catalog\"]').shadowRoot;"
        " const names = [...root.querySelectorAll('[data-testid=product-name]')].map(n => n.textContent);"
        " return names.length > 0 && names.every(n => /lamp/i.test(n)); }"
    )
    names = product_names(page)
    assert names and all("lamp" in name.lower() for name in names)

    first = page.get_by_test_id("product-card").first
    chosen = first.get_by_test_id("product-name").inner_text()
    first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/catalog/p/"))
    title = page.get_by_test_id("product-title")
    title.wait_for()
    assert title.inner_text() == chosen
    page.go_back()
    page.wait_for_url(re.compile(r"q=lamp"))
    assert page.console_errors == []


def test_an_unknown_route_shows_the_not_found_page(bazaar, page):
    response = page.goto(bazaar.url + "/no/such/page")
    assert response.status == 404
    assert page.get_by_text("We couldn't find that page").is_visible()
    page.get_by_role("link", name="Back to the shop").click()
    page.get_by_test_id("category-tile").first.wait_for()
    assert not page.get_by_text("We couldn't find that page").is_visible()


def test_the_browser_accepts_every_integrity_hash(bazaar, page):
    # Chromium refuses a module whose bytes do not match the import map's integrity entry,
    # so a page where the catalog mounted proves the hashes of every module it loaded.
    failures: list[str] = []
    page.on("console", lambda m: failures.append(m.text) if "integrity" in m.text.lower() else None)
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    assert failures == []
    integrity = page.evaluate(
        "() => JSON.parse(document.querySelector('script[type=importmap]').textContent).integrity"
    )
    loaded = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
    )
    modules = [path for path in loaded if path.endswith(".js")]
    assert modules and all(path in integrity for path in modules), set(modules) - set(integrity)
