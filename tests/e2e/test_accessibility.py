"""Keyboard and screen-reader users: client-side navigation moves focus and announces the new
page, and the header's badges say what they count."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.live import ROOT, sign_in_on_provider_form
from tests.storefront import settle, settled_page

pytestmark = pytest.mark.browser


def test_moving_to_another_page_focuses_the_main_region_and_announces_it(bazaar, page):
    page.goto(bazaar.url + "/")
    page.get_by_test_id("product-card").first.wait_for()
    kitchen = page.locator(".site-nav").get_by_role("link", name="Kitchen")
    kitchen.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/catalog/c/kitchen$"))
    expect(page.locator("main#main")).to_be_focused()
    announcer = page.locator("[data-route-announcer]")
    expect(announcer).to_have_text(re.compile(r"Kitchen.*Bazaar"))
    assert announcer.get_attribute("aria-live") == "polite"


def test_a_change_of_filter_leaves_focus_where_it_is(bazaar, page):
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    search = page.get_by_role("searchbox", name="Search products")
    search.fill("lamp")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=lamp"))
    page.wait_for_timeout(500)
    expect(page.locator("main#main")).not_to_be_focused()


def test_the_wish_list_badge_says_how_many_items_it_holds(bazaar, page):
    page.goto(bazaar.url + "/")
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(page, "bob", "bob-password")
    page.wait_for_url(bazaar.url + "/")
    badge = page.get_by_test_id("wishlist-badge")
    expect(badge).to_have_attribute("aria-label", re.compile(r"^Wish list, \d+ items?$"))
    count = page.get_by_test_id("wishlist-count").inner_text()
    expect(badge).to_have_attribute("aria-label", re.compile(rf"^Wish list, {count} "))


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """axe-core (from npm) over the whole page, shadow roots included: each WCAG 2.2 A/AA
    violation as "rule: target (summary)"."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })", WCAG_AA
    )
    return [
        f"{v['id']}: {' > '.join(map(str, node['target']))} ({node['failureSummary'][:160]})"
        for v in result["violations"]
        for node in v["nodes"]
    ]


# WCAG 2.5.3 (label in name: voice control users say what they see). axe keeps its rule for it
# among the experimental ones; this walks every shadow root for controls whose aria-label
# does not contain their visible text.
NAMES_WITHOUT_THEIR_TEXT = """() => {
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.shadowRoot) walk(element.shadowRoot);
      if (!element.matches("button, a[href], [role=button], [role=link]")) continue;
      const label = element.getAttribute("aria-label");
      const text = element.innerText?.replace(/\\s+/g, " ").trim().toLowerCase();
      if (label && text && !label.toLowerCase().includes(text)) found.push(`${label} (shows "${text}")`);
    }
  };
  walk(document);
  return found;
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/", "/catalog", "FIRST", "/outbox", "/nowhere"])
def test_axe_finds_no_wcag_aa_violation(bazaar, browser, path, width):
    # axe is added as a script of its own: the test's context lets it past the page's CSP.
    with settled_page(browser, bazaar.url, path, width=width, height=900, bypass_csp=True) as (
        page,
        _,
    ):
        page.wait_for_timeout(500)
        assert axe_violations(page) == []
        assert page.evaluate(NAMES_WITHOUT_THEIR_TEXT) == []


def test_axe_finds_nothing_in_what_a_signed_in_shopper_sees(bazaar, browser):
    """What only a signed-in shopper gets (Add to cart on every card, the cart, the wish list)."""
    context = browser.new_context(viewport={"width": 375, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(bazaar.url + "/catalog")
        page.get_by_role("button", name="Menu").click()
        page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
        sign_in_on_provider_form(page, "alice", "alice-password")
        page.get_by_test_id("card-add-to-cart").first.wait_for()
        for path in ("/catalog", "/cart", "/wishlist"):
            page.goto(bazaar.url + path)
            settle(page)
            page.wait_for_timeout(500)
            assert (path, axe_violations(page)) == (path, [])
            assert (path, page.evaluate(NAMES_WITHOUT_THEIR_TEXT)) == (path, [])
    finally:
        context.close()
