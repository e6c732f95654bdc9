"""Dev overrides in a real browser: on a shared environment that allows them, a developer
points one app at their local dev server from the /overrides page; their page loads it (and
says so), everyone else's page does not, and clearing it brings the deployed version back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from shell.testing.module_host import start_module_host
from tests.live import start_server

pytestmark = pytest.mark.browser

APP = """
export async function bootstrap() {}
export async function mount({ domElement }) { domElement.innerHTML = '<h1 id="hello">%s</h1>'; }
export async function unmount({ domElement }) { domElement.innerHTML = ''; }
"""


@pytest.fixture(scope="module")
def dev_server():
    host, server = start_module_host()  # stands in for `npm run dev` on the developer's laptop
    yield host
    server.shutdown()


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
