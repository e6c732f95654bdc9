"""Real-user monitoring in a real Chromium: a page load shows up in ``/metrics`` as web vitals
and per-app load and mount times; an error thrown in an app's click handler counts against
that app and version; and a canary is judged by those figures: one whose module throws on
mount is aborted after a bounded number of page views, a healthy one promoted, each recorded
in the history with its figures."""

from __future__ import annotations

import re
import time
import urllib.request

import pytest

from tests.live import start_server

pytestmark = pytest.mark.browser

ENTRY = "src/main.js"
CLICKY = """
export async function mount({ domElement }) {
  domElement.innerHTML = '<h1>Clicky %s</h1><button type="button" id="boom">Boom</button>';
  domElement.querySelector("#boom").addEventListener("click", function explode() {
    throw new Error("clicky exploded on click");
  });
}
export async function unmount({ domElement }) { domElement.innerHTML = ""; }
"""
# The policy's defaults (the API fills in what a deploy leaves out).
POLICY = {"min_views": 20, "promote_views": 100, "max_error_increase": 0.05, "max_lcp_ratio": 1.5}
THROWS_ON_MOUNT = """
export async function mount() { throw new Error("clicky %s cannot mount"); }
export async function unmount() {}
"""


def clicky(version: str, source: str) -> dict:
    return {
        "manifest": {
            "name": "@bazaar/clicky",
            "version": version,
            "entry": ENTRY,
            "routes": [{"path": "/clicky"}],
            "config": {"title": "Clicky"},
        },
        "files": {ENTRY: source % version},
    }


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_server(tmp_path_factory)
    status, body = server.api(
        "POST", "/api/registry/releases", {"manifests": [clicky("1.0.0", CLICKY)]}
    )
    assert status == 201, body
    yield server
    server.stop()


def metrics(server) -> str:
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        return response.read().decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the series ``name`` whose labels include ``labels`` (0 when absent)."""
    total = 0.0
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+)\{(.*)\} (\S+)", line)
        if not match or match[1] != name:
            continue
        have = dict(re.findall(r'(\w+)="([^"]*)"', match[2]))
        if all(have.get(k) == v for k, v in labels.items()):
            total += float(match[3])
    return total


def leave(page) -> None:
    """Leave the page as a shopper does; its report goes with the beacon sent on leaving
    (which Playwright does not see: the tests read its effects)."""
    page.goto("about:blank")


def eventually(check, seconds: float = 20.0):
    """``check()``'s first true value within ``seconds`` (the beacon arrives when it does)."""
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)
    return result


def views_of(server, slug: str) -> int:
    """The page views the registry has counted of the app's releases (canary and stable)."""
    status, figures = server.api("GET", f"/api/registry/apps/{slug}/canary")
    if status == 404:  # the canary has ended
        return -1
    return figures["canary"]["views"] + figures["stable"]["views"]


SETTLED = "[data-app='@bazaar/clicky']:is([data-state=mounted], [data-state=error])"


def visit(browser, server) -> None:
    """One page view of /clicky by a new visitor (a canary's bucket is per visitor: the
    canary at 99 % misses one visitor in a hundred), open until its report has been counted
    (or the canary ended)."""
    before = views_of(server, "clicky")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "/clicky")
        page.locator(SETTLED).wait_for(state="attached")
        leave(page)
        eventually(lambda: views_of(server, "clicky") != before)
    finally:
        context.close()


def start_canary(server, version: str, source: str, policy: dict) -> None:
    body = {"manifests": [clicky(version, source)], "canary": 99, "canary_auto": policy}
    status, answer = server.api("POST", "/api/registry/releases", body)
    assert status == 201, answer
    status, figures = server.api("GET", "/api/registry/apps/clicky/canary")
    assert (figures["version"], figures["auto"]) == (version, {**POLICY, **policy})


def visit_until_the_canary_ends(browser, server, most: int) -> None:
    for _ in range(most):
        visit(browser, server)
        if version_of(server, "clicky")[1] is None:
            return
    raise AssertionError(f"still a canary after {most} page views")


def metrics_once(server, name: str, at_least: float, **labels: str) -> str:
    """``/metrics`` once the series ``name`` has reached ``at_least``."""

    def reached():
        text = metrics(server)
        return text if sample(text, name, **labels) >= at_least else None

    return eventually(reached)


def version_of(server, slug: str) -> tuple[str | None, dict | None]:
    status, apps = server.api("GET", "/api/registry/apps")
    assert status == 200, apps
    [app] = [a for a in apps if a["slug"] == slug]
    return app["current_version"], app["canary"]


def test_a_page_load_reports_its_web_vitals_and_each_apps_load_and_mount(shop, page):
    catalog, _ = version_of(shop, "catalog")
    page.goto(shop.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    recently_viewed = "[data-app^='@bazaar/recent'][data-state=mounted]"
    page.locator(recently_viewed).wait_for(state="attached")  # the footer's, after the view
    page.locator("html[data-rum=vitals]").wait_for(state="attached")  # web-vitals observes
    # A single-spa route change is a soft navigation: its vitals are its own.
    page.get_by_test_id("product-card").first.get_by_role("link").first.click()
    page.get_by_test_id("product-title").wait_for()
    page.wait_for_timeout(1000)
    page.get_by_test_id("product-title").click()  # an interaction, for INP
    page.wait_for_timeout(300)
    leave(page)
    vitals = dict(app="@bazaar/catalog", navigation="hard")
    text = metrics_once(shop, "bazaar_rum_web_vital_seconds_count", 1, vital="LCP", **vitals)
    for vital in ("LCP", "FCP", "TTFB"):
        assert sample(text, "bazaar_rum_web_vital_seconds_count", vital=vital, **vitals) >= 1
    soft = dict(app="@bazaar/catalog", navigation="soft")
    text = metrics_once(shop, "bazaar_rum_web_vital_seconds_count", 1, vital="LCP", **soft)
    assert sample(text, "bazaar_rum_web_vital_seconds_count", vital="INP", app="@bazaar/catalog")
    assert sample(text, "bazaar_rum_cls_count", **vitals) >= 1
    for phase in ("load", "mount"):
        series = f"bazaar_rum_app_{phase}_seconds_count"
        assert sample(text, series, app="@bazaar/catalog", version=catalog) >= 1, phase
    # The footer's parcels are apps too (Recently viewed).
    recent, _ = version_of(shop, "recent")
    assert sample(text, "bazaar_rum_app_mount_seconds_count", app="@bazaar/recent", version=recent)


def test_an_error_thrown_in_an_apps_click_handler_counts_against_that_app_and_version(shop, page):
    errors = dict(app="@bazaar/clicky", version="1.0.0", phase="runtime")
    before = sample(metrics(shop), "bazaar_rum_app_errors_total", **errors)
    page.goto(shop.url + "/clicky")
    page.locator("#boom").click()
    leave(page)
    text = metrics_once(shop, "bazaar_rum_app_errors_total", before + 1, **errors)
    assert sample(text, "bazaar_rum_app_errors_total", **errors) == before + 1
    # Nothing is blamed on an app that did not throw.
    assert sample(text, "bazaar_rum_app_errors_total", app="@bazaar/catalog") == 0


def test_a_canary_that_throws_on_mount_is_aborted_by_its_figures(shop, browser):
    start_canary(shop, "1.1.0", THROWS_ON_MOUNT, {"min_views": 3, "promote_views": 50})
    visit_until_the_canary_ends(browser, shop, most=6)  # 3 of the canary's views end it
    status, [revision, *_] = shop.api("GET", "/api/registry/revisions?limit=1")
    assert (revision["action"], revision["created_by"]) == ("abort", "canary-judge")
    assert "1.1.0: 100% errors (3 in 3 views)" in revision["message"], revision["message"]
    assert version_of(shop, "clicky") == ("1.0.0", None)
    status, apps = shop.api("GET", "/api/registry/apps")
    [clicky_app] = [a for a in apps if a["slug"] == "clicky"]
    first_errors = {r["version"]: r["first_error_at"] for r in clicky_app["releases"]}
    assert first_errors["1.1.0"] is not None  # deploy to first error, per release


def test_a_healthy_canary_is_promoted_by_its_figures(shop, browser):
    start_canary(shop, "1.2.0", CLICKY, {"min_views": 2, "promote_views": 3})
    visit_until_the_canary_ends(browser, shop, most=6)  # 3 healthy views promote it
    status, [revision, *_] = shop.api("GET", "/api/registry/revisions?limit=1")
    assert (revision["action"], revision["created_by"]) == ("promote", "canary-judge")
    assert "1.2.0: 0% errors (0 in 3 views)" in revision["message"], revision["message"]
    assert version_of(shop, "clicky") == ("1.2.0", None)


def test_a_page_reports_nothing_when_rum_is_off(tmp_path_factory, page):
    server = start_server(tmp_path_factory, BAZAAR_RUM="off")
    try:
        reports = []
        page.on("request", lambda r: reports.append(r) if r.url.endswith("/rum") else None)
        page.goto(server.url + "/catalog")
        page.get_by_test_id("product-card").first.wait_for()
        page.goto("about:blank")
        page.wait_for_timeout(500)
        assert reports == []
    finally:
        server.stop()
