"""The shop on a phone and while it loads: a compact header that stays (its height fixed from
the first frame), the nav and account behind a menu button, a page that does not jump as apps
mount (cumulative layout shift measured by Chromium), and focus never hidden under the sticky
header."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.live import sign_in_on_provider_form
from tests.storefront import SHIPPING, first_product_path, settled_page
from tests.storefront import settle as settled

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# Chromium's own measure: the layout shifts of the page's life so far (not those right after
# an input), as web-vitals sums them.
CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 300);
})"""


def settle(page) -> None:
    """Everything loaded, and the live status known."""
    settled(page)
    page.wait_for_timeout(700)


def boxes(page, selectors: list[str]) -> list[dict]:
    return [page.locator(s).first.bounding_box() for s in selectors]


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize(
    ("width", "signed_in"), [(320, False), (375, False), (412, False), (320, True), (375, True)]
)
def test_the_phone_header_is_compact_stays_on_screen_and_nothing_in_it_overlaps(
    bazaar, browser, width, signed_in
):
    context = browser.new_context(viewport={"width": width, "height": 812})
    try:
        page = context.new_page()
        page.goto(bazaar.url + "/catalog")
        if signed_in:  # the cart and the wish list badges join the first row
            page.get_by_role("button", name="Menu").click()
            page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
            sign_in_on_provider_form(page, "alice", "alice-password")
            page.get_by_test_id("wishlist-badge").wait_for()
        page.get_by_test_id("product-card").first.wait_for()
        settle(page)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 110, header  # was 234 px of an 812 px screen
        parts = [".menu-toggle", ".brand img", ".header-status", ".header-right", ".header-search"]
        # (A signed-out visitor's cart badge may draw nothing: an empty part is left out.)
        found = {
            p: b for p, b in zip(parts, boxes(page, parts), strict=True) if b and b["width"] > 0
        }
        assert {".menu-toggle", ".brand img", ".header-status", ".header-search"} <= set(found)
        if signed_in:
            assert ".header-right" in found
        placed = list(found.items())
        for i, (name, a) in enumerate(placed):
            assert a["x"] >= 0 and a["x"] + a["width"] <= width + 0.5, (name, a)
            assert a["y"] + a["height"] <= header["y"] + header["height"] + 0.5, (name, a)
            for other, b in placed[i + 1 :]:
                assert not overlap(a, b), (name, other)
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(300)
        assert page.locator(".site-header").bounding_box()["y"] == 0  # it does not scroll away
    finally:
        context.close()


def test_the_menu_button_opens_the_nav_and_the_account_and_escape_closes_it(bazaar, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(bazaar.url + "/")
        settle(page)
        nav = page.locator(".site-nav")
        expect(nav).to_be_hidden()
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("link", name="Kitchen")).to_be_visible()
        expect(page.get_by_test_id("account").get_by_role("link", name="Sign in")).to_be_visible()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(toggle).to_be_focused()
        # A link in it moves to its page and closes it.
        toggle.click()
        nav.get_by_role("link", name="Kitchen").click()
        page.wait_for_url("**/catalog/c/kitchen")
        expect(nav).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("width", [412, 1440])
@pytest.mark.parametrize("path", ["/", "/catalog/c/kitchen", "/catalog?q=lamp", "FIRST"])
def test_the_page_does_not_jump_while_it_loads(bazaar, browser, width, path):
    with settled_page(browser, bazaar.url, path, width=width, height=860) as (page, path):
        page.wait_for_timeout(700)  # the live status known
        shift = page.evaluate(CLS)
        assert shift < 0.05, f"cumulative layout shift {shift:.3f} on {path} at {width} px"


def test_a_page_opened_from_the_bottom_of_another_starts_at_its_top(bazaar, browser):
    """On a phone, "Place order" is at the bottom of a long form: the order page it opens
    starts at its top, not half way down (the browser keeps the scroll of a page it did not
    load)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        bazaar.sign_in(page, first_product_path(page, bazaar.url))
        count = page.get_by_test_id("cart-count")
        expect(count).to_have_text(re.compile(r"^\d+$"))
        before = int(count.inner_text())
        page.get_by_test_id("add-to-cart").click()
        expect(count).to_have_text(str(before + 1))
        # Sent, not only queued: the checkout page reads the cart from its BFF.
        expect(page.get_by_test_id("outbox-pending")).to_have_count(0, timeout=20_000)
        page.set_viewport_size(PHONE)
        page.goto(bazaar.url + "/checkout")
        for test_id, value in SHIPPING.items():
            page.get_by_test_id(test_id).fill(value)
        page.get_by_test_id("place-order").scroll_into_view_if_needed()
        assert page.evaluate("() => window.scrollY") > 400
        page.evaluate("() => { window.__samePage = true; }")
        page.get_by_test_id("place-order").click()
        expect(page.get_by_test_id("order-detail")).to_be_visible()
        settle(page)
        assert page.evaluate("() => window.__samePage") is True  # a move within the page
        assert page.evaluate("() => window.scrollY") == 0
    finally:
        context.close()


def test_the_route_data_comes_with_the_page_and_is_asked_for_once(bazaar, browser):
    """The catalog declares its first reads (manifest ``preload``): the page starts them
    beside the modules, and the app's own request takes that answer instead of a second one."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        path = first_product_path(page, bazaar.url)
        product_id = path.rsplit("/", 1)[1]
        data_url = f"{bazaar.url}/bff/catalog/api/products/{product_id}"
        asked = []
        page.on("request", lambda request: request.url == data_url and asked.append(request))
        page.goto(bazaar.url + path)
        expect(page.get_by_test_id("product-title")).to_be_visible()
        settle(page)
        assert len(asked) == 1, f"{data_url} asked for {len(asked)} times"
        started_by = page.evaluate(
            "(url) => performance.getEntriesByName(url).map((e) => e.initiatorType)", data_url
        )
        assert started_by == ["link"]  # by the page's <link rel=preload>, not by the app
    finally:
        context.close()


def test_focus_is_never_hidden_under_the_sticky_header_and_follows_the_visual_order(bazaar, page):
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    settle(page)
    header_bottom = page.locator(".site-header").bounding_box()["height"]
    # Tab from the top: the header's parts in the order they are seen, the nav last.
    order = []
    for _ in range(30):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => {
              let e = document.activeElement;
              while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
              const host = e.getRootNode().host;
              const region = (host || e).closest(".brand, .header-search, .header-right, .account, .site-nav, main");
              return region ? region.className.split(" ")[0] : e.tagName;
            }"""
        )
        if not order or order[-1] != where:
            order.append(where)
        if where == "site-main":
            break
    seen = [
        region
        for region in ("brand", "header-search", "header-right", "account", "site-nav")
        if region in order
    ]
    assert seen == sorted(seen, key=order.index), order
    # (A signed-out visitor's cart badge is not a control: header-right may have none.)
    assert seen[-1] == "site-nav" and {"brand", "header-search", "account"} <= set(seen), order
    # Tabbing on through the products, each focused card stays below the header.
    for _ in range(12):
        page.keyboard.press("Tab")
        top = page.evaluate(
            """() => {
              let e = document.activeElement;
              while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
              return e.getBoundingClientRect().top;
            }"""
        )
        assert top >= header_bottom - 1, top
