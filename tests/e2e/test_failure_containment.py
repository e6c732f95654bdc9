"""A broken micro-app never blanks the page: it gets an error panel, and Retry re-imports it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.live import start_server

pytestmark = pytest.mark.browser

ENTRY = "src/main.js"
WORKING_APP = """
export async function bootstrap() {}
export async function mount({ domElement }) { domElement.innerHTML = '<p id="ok">%s is working</p>'; }
export async function unmount({ domElement }) { domElement.innerHTML = ''; }
"""


def app(slug: str, source: str, **manifest) -> dict:
    return {
        "manifest": {
            "name": f"@bazaar/{slug}",
            "version": "1.0.0",
            "entry": ENTRY,
            "config": {"title": slug.title()},
            **manifest,
        },
        "files": {ENTRY: source},
    }


BROKEN_APPS = [
    # A parcel in the header whose mount throws: shown on every page, next to the catalog.
    app(
        "badge",
        "export const bootstrap = async () => {};",
        mountPoints={"header-right": [{"module": "src/badge.js", "label": "Badge"}]},
    )
    | {
        "files": {
            ENTRY: "export const bootstrap = async () => {};",
            "src/badge.js": "export async function mount() { throw new Error('badge exploded'); }\n"
            "export async function unmount() {}",
        }
    },
    # Loads fine unless the network fails; the test makes its first fetch fail.
    app("flaky", WORKING_APP % "Flaky", routes=[{"path": "/flaky"}]),
    # Its mount never settles.
    app(
        "hangs",
        "export async function mount() { await new Promise(() => {}); }\n"
        "export async function unmount() {}",
        routes=[{"path": "/hangs"}],
    ),
    # Mounts, but only after the shell has given up on it.
    app(
        "slow",
        "export async function mount({ domElement }) {\n"
        "  await new Promise((r) => setTimeout(r, 3000));\n"
        "  domElement.innerHTML = '<p id=\"slow\">late</p>';\n}\n"
        "export async function unmount({ domElement }) { domElement.innerHTML = ''; }",
        routes=[{"path": "/slow"}],
    ),
    # Its mount throws the first time only (a race it loses once, say): Retry mounts it.
    app(
        "moody",
        "let mounts = 0;\n"
        "export async function mount({ domElement }) {\n"
        "  if (++mounts === 1) throw new Error('moody the first time');\n"
        "  domElement.innerHTML = '<p id=\"moody\">moody is fine now</p>';\n}\n"
        "export async function unmount({ domElement }) { domElement.innerHTML = ''; }",
        routes=[{"path": "/moody"}],
    ),
    # Imports a module the import map does not have (a relative one is refused at deploy).
    app(
        "missing",
        "import '@bazaar/nowhere';\nexport async function mount() {}\n"
        "export async function unmount() {}",
        routes=[{"path": "/missing"}],
    ),
]


@pytest.fixture(scope="module")
def broken_bazaar(tmp_path_factory):
    server = start_server(tmp_path_factory, BAZAAR_APP_TIMEOUT_MS="2000")
    status, body = server.api(
        "POST", "/api/registry/releases", {"manifests": BROKEN_APPS, "message": "broken on purpose"}
    )
    assert status == 201, body
    yield server
    server.stop()


def app_status(page, name: str) -> str | None:
    """What the page's single-spa itself says of the app (as single-spa-inspector shows it)."""
    return page.evaluate("async (name) => (await import('single-spa')).getAppStatus(name)", name)


def record_app_changes(page) -> None:
    page.add_init_script(
        "window.appChanges = [];"
        "window.addEventListener('single-spa:app-change', (e) =>"
        " window.appChanges.push(e.detail.newAppStatuses));"
    )


def test_a_parcel_that_throws_shows_its_error_panel_and_the_catalog_still_renders(
    broken_bazaar, page
):
    page.goto(broken_bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    panel = page.locator("[data-mount-point=header-right] [role=alert]")
    panel.wait_for()
    assert "Badge is unavailable" in panel.inner_text()
    # The error itself is one click away (the developer view shows it open).
    assert "badge exploded" not in panel.inner_text()
    panel.get_by_text("Technical details").click()
    assert "badge exploded" in panel.inner_text()
    statuses = page.evaluate("async () => (await import('single-spa')).getMountedApps()")
    assert "@bazaar/catalog" in statuses
    assert page.get_by_test_id("product-card").count() >= 8


def entry_url(server) -> str:
    """The URL the import map gives an app's entry (a deploy bundles the sources)."""
    status, body = server.api("GET", "/importmap.json")
    assert status == 200, body
    return body["imports"]["@bazaar/flaky"]


def test_an_app_whose_module_fails_to_load_recovers_with_retry(broken_bazaar, page):
    entry = entry_url(broken_bazaar)
    requests: list[str] = []
    network = {"down": True}

    def fail_the_entry(route):
        # The entry fails (its preload and its import alike) until the network is back. The
        # retry asks for the same URL again, so the import map's integrity still applies.
        if network["down"] and route.request.url.endswith(entry):
            route.fulfill(status=503, body="unavailable")
        else:
            route.continue_()

    page.route("**/static/apps/flaky/**", fail_the_entry)
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith(entry) else None)
    record_app_changes(page)
    page.goto(broken_bazaar.url + "/flaky")
    panel = page.locator("[data-app='@bazaar/flaky'] [role=alert]")
    panel.wait_for()
    assert "Flaky is unavailable" in panel.inner_text()
    assert page.locator(".site-header").is_visible()
    assert app_status(page, "@bazaar/flaky") == "LOAD_ERROR"
    failed = len(requests)

    network["down"] = False
    page.locator("[data-app='@bazaar/flaky']").get_by_role("button", name="Retry").click()
    page.locator("#ok").wait_for()
    assert page.locator("#ok").inner_text() == "Flaky is working"
    assert len(requests) > failed, requests  # fetched again, not a cached failure
    assert app_status(page, "@bazaar/flaky") == "MOUNTED"
    changes = page.evaluate("window.appChanges")
    assert [c["@bazaar/flaky"] for c in changes if "@bazaar/flaky" in c][-1] == "MOUNTED"
    imported = page.evaluate("() => document.querySelector('script[type=importmap]').textContent")
    assert "?" not in "".join(json.loads(imported)["integrity"])  # one entry per module
    # The Retry button went away with its panel: focus is on the app, not lost on <body>.
    assert page.evaluate("document.activeElement.dataset.app") == "@bazaar/flaky"


def test_a_retried_module_is_still_checked_against_its_hash(broken_bazaar, page):
    entry = entry_url(broken_bazaar)
    tampered: list[str] = []
    network = {"down": True}

    def fail_then_tamper(route):
        url = route.request.url
        if not url.endswith(entry):
            route.continue_()
        elif network["down"]:
            route.fulfill(status=503, body="unavailable")
        else:  # a proxy in the way answers with other bytes
            tampered.append(url)
            body = WORKING_APP % "Tampered"  # a working app, but not the bytes deployed
            route.fulfill(status=200, content_type="text/javascript", body=body)

    page.route("**/static/apps/flaky/**", fail_then_tamper)
    page.goto(broken_bazaar.url + "/flaky")
    slot = page.locator("[data-app='@bazaar/flaky']")
    slot.locator("[role=alert]").wait_for()
    network["down"] = False
    slot.get_by_role("button", name="Retry").click()
    for _ in range(50):
        if tampered:
            break
        page.wait_for_timeout(100)
    assert tampered, "the retry was not requested"
    expect(slot.locator("[role=alert]")).to_be_visible()  # refused: the hash did not match
    expect(page.locator("#ok")).to_have_count(0)
    # A retry that failed also offers a reload (for browsers that keep failed fetches).
    expect(slot.get_by_role("button", name="Reload page")).to_be_visible()


def test_an_app_that_never_finishes_mounting_times_out_into_an_error_panel(broken_bazaar, page):
    page.goto(broken_bazaar.url + "/hangs")
    panel = page.locator("[data-app='@bazaar/hangs'] [role=alert]")
    panel.wait_for(timeout=10_000)
    expect(panel.locator("code")).to_have_text("mount did not finish within 2 s")
    assert app_status(page, "@bazaar/hangs") == "SKIP_BECAUSE_BROKEN"


def test_an_app_whose_mount_threw_is_broken_for_single_spa_and_retry_mounts_it(broken_bazaar, page):
    page.goto(broken_bazaar.url + "/moody")
    slot = page.locator("[data-app='@bazaar/moody']")
    expect(slot.locator("[role=alert]")).to_contain_text("moody the first time")
    assert app_status(page, "@bazaar/moody") == "SKIP_BECAUSE_BROKEN"
    slot.get_by_role("button", name="Retry").click()
    expect(page.locator("#moody")).to_have_text("moody is fine now")
    assert app_status(page, "@bazaar/moody") == "MOUNTED"
    expect(slot.locator("[role=alert]")).to_have_count(0)
    # It now unmounts and mounts again like any app.
    page.get_by_role("link", name="Shop all").click()
    page.get_by_test_id("product-card").first.wait_for()
    # (A broken app comes back by being registered anew, and single-spa unloads such an app
    # once it is left: NOT_LOADED, loaded again from the module already fetched.)
    assert app_status(page, "@bazaar/moody") in ("NOT_MOUNTED", "NOT_LOADED")
    assert not slot.is_visible()
    page.go_back()
    expect(page.locator("#moody")).to_have_text("moody is fine now")
    assert app_status(page, "@bazaar/moody") == "MOUNTED"


def test_a_broken_app_does_not_stop_navigation_to_other_apps(broken_bazaar, page):
    page.goto(broken_bazaar.url + "/missing")
    page.locator("[data-app='@bazaar/missing'] [role=alert]").wait_for()
    assert app_status(page, "@bazaar/missing") == "LOAD_ERROR"
    page.get_by_role("link", name="Shop all").click()
    page.get_by_test_id("product-card").first.wait_for()
    assert page.url.endswith("/catalog")
    assert not page.locator("[data-app='@bazaar/missing']").is_visible()


def test_a_mount_that_finishes_after_the_timeout_is_undone(broken_bazaar, page):
    page.goto(broken_bazaar.url + "/slow")
    page.locator("[data-app='@bazaar/slow'] [role=alert]").wait_for()
    page.wait_for_timeout(2_500)  # the app's mount completes meanwhile
    assert page.locator("#slow").count() == 0
    assert page.locator("[data-app='@bazaar/slow'] [role=alert]").is_visible()
