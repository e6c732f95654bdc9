"""Dev overrides in a real browser: on a shared environment that allows them, a developer
points one app at their local dev server from the /overrides page; their page loads it (and
says so), everyone else's page does not, and clearing it brings the deployed version back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live import start_server

pytestmark = pytest.mark.browser

APP = """
export async function bootstrap() {}
export async function mount({ domElement }) { domElement.innerHTML = '<h1 id="hello">%s</h1>'; }
export async function unmount({ domElement }) { domElement.innerHTML = ''; }
"""


@pytest.fixture(scope="module")
def dev_server(cdn):
    return cdn  # stands in for `npm run dev` on the developer's laptop


@pytest.fixture(scope="module")
def bazaar(tmp_path_factory):
    server = start_server(tmp_path_factory, BAZAAR_DEV_OVERRIDES="1")
    status, body = server.api(
        "POST",
        "/api/registry/releases",
        {
            "manifests": [
                {
                    "manifest": {
                        "name": "@bazaar/hello",
                        "version": "1.0.0",
                        "entry": "src/main.js",
                        "routes": [{"path": "/hello"}],
                        "config": {"title": "Hello"},
                    },
                    "files": {"src/main.js": APP % "Hello from the registry"},
                }
            ]
        },
    )
    assert status == 201, body
    yield server
    server.stop()


def test_a_developer_overrides_one_app_from_the_overrides_page(bazaar, dev_server, page, browser):
    local = dev_server.serve("/hello.js", (APP % "Hello from my laptop").encode())
    page.goto(bazaar.url + "/hello")
    expect(page.locator("#hello")).to_have_text("Hello from the registry")
    expect(page.get_by_test_id("overrides-badge")).to_have_count(0)

    page.goto(bazaar.url + "/overrides")
    page.get_by_test_id("override-specifier").select_option("@bazaar/hello")
    page.get_by_test_id("override-url").fill(local)
    page.get_by_test_id("override-save").click()
    expect(page.get_by_test_id("override-row")).to_have_count(1)

    expect(page.get_by_test_id("override-state")).to_have_text("Reload to apply")

    page.goto(bazaar.url + "/hello")
    expect(page.locator("#hello")).to_have_text("Hello from my laptop")
    badge = page.get_by_test_id("overrides-badge")
    expect(badge).to_have_text("Overrides active (1)")
    assert "/hello.js" in dev_server.requests

    # A value the shell does not take (a path alone) is listed as ignored, not as active.
    page.evaluate("document.cookie = 'import-map-override:@bazaar/other=/static/x.js; path=/'")
    page.goto(bazaar.url + "/overrides")
    rows = page.get_by_test_id("override-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="@bazaar/hello").get_by_test_id("override-state")).to_have_text(
        "Applied to this page"
    )
    expect(rows.filter(has_text="@bazaar/other").get_by_test_id("override-state")).to_contain_text(
        "Ignored"
    )
    rows.filter(has_text="@bazaar/other").get_by_role("button", name="Clear").click()
    page.goto(bazaar.url + "/hello")

    # Another shopper's browser (no cookie) still gets what is deployed.
    other = browser.new_context()
    try:
        other_page = other.new_page()
        other_page.goto(bazaar.url + "/hello")
        expect(other_page.locator("#hello")).to_have_text("Hello from the registry")
    finally:
        other.close()

    badge.click()
    page.get_by_test_id("override-row").get_by_role("button", name="Clear").click()
    expect(page.get_by_test_id("override-row")).to_have_count(0)
    page.goto(bazaar.url + "/hello")
    expect(page.locator("#hello")).to_have_text("Hello from the registry")
    expect(page.get_by_test_id("overrides-badge")).to_have_count(0)


def test_the_import_map_overrides_library_sets_on_one_page_what_applies_on_every_page(
    bazaar, dev_server, page
):
    """single-spa's own devtool, as its users use it: ``importMapOverrides.addOverride`` in the
    console (or its UI) on whatever page they are on."""
    local = dev_server.serve("/hello-imo.js", (APP % "Hello via import-map-overrides").encode())
    page.goto(bazaar.url + "/catalog")
    product = page.get_by_test_id("product-card").first.get_by_role("link").first
    product_url = product.evaluate("(a) => a.href")
    assert "/catalog/p/" in product_url
    # Loaded as its own document (not routed to from /catalog), a page in a folder of its
    # own: the browser files a cookie written there without a path under /catalog/p.
    page.goto(product_url)
    page.evaluate("(url) => window.importMapOverrides.addOverride('@bazaar/hello', url)", local)
    page.wait_for_function("() => document.cookie.includes('import-map-override:@bazaar/hello=')")
    page.goto(bazaar.url + "/hello")  # another folder
    expect(page.locator("#hello")).to_have_text("Hello via import-map-overrides")
    expect(page.get_by_test_id("overrides-badge")).to_have_text("Overrides active (1)")

    # Its UI (shown with localStorage.devtools, as the library documents) lists it as an
    # override, and so does the shell's /overrides page.
    page.evaluate("localStorage.setItem('devtools', 'true')")
    page.reload()
    page.locator("import-map-overrides-full button.imo-trigger").click()
    overridden = page.locator("import-map-overrides-full .imo-list-container table")
    expect(overridden.first).to_contain_text("@bazaar/hello")
    page.get_by_test_id("overrides-badge").click()
    expect(page.get_by_test_id("override-row")).to_have_count(1)
    expect(page.get_by_test_id("override-state")).to_have_text("Applied to this page")

    # Removed through the library on a product page, it is gone from every page.
    page.goto(product_url)
    page.wait_for_function("() => window.importMapOverrides !== undefined")
    page.evaluate("() => window.importMapOverrides.removeOverride('@bazaar/hello')")
    page.wait_for_function("() => !document.cookie.includes('import-map-override:@bazaar/hello=')")
    page.goto(bazaar.url + "/hello")
    expect(page.locator("#hello")).to_have_text("Hello from the registry")


def test_an_override_that_exists_only_as_a_cookie_is_an_override_in_the_library_too(
    bazaar, dev_server, page
):
    local = dev_server.serve("/hello-cookie.js", (APP % "Hello from a cookie").encode())
    page.goto(bazaar.url + "/")
    page.evaluate(
        "(url) => { document.cookie = "
        "`import-map-override:@bazaar/hello=${encodeURIComponent(url)}; path=/`; }",
        local,
    )
    page.goto(bazaar.url + "/hello")
    expect(page.locator("#hello")).to_have_text("Hello from a cookie")
    page.wait_for_function("() => document.documentElement.dataset.shell === 'ready'")
    listed = page.evaluate("() => window.importMapOverrides.getOverrideMap().imports")
    assert listed == {"@bazaar/hello": local}
    page.evaluate("() => window.importMapOverrides.resetOverrides()")
    page.wait_for_function("() => !document.cookie.includes('import-map-override:')")
