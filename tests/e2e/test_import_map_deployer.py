"""A third-party single-spa application (a plain ES module on a CDN, no Bazaar code) deployed
the way single-spa CI scripts deploy with import-map-deployer: ``PATCH /services``. It mounts
on its route beside the storefront, a new version reaches the next page load with no
restart, and ``DELETE /services/{name}`` takes it away."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WEATHER = """
// A single-spa application as any single-spa team writes it: lifecycles, and the DOM element
// the root config hands it. Nothing from Bazaar.
export async function bootstrap() {}
export async function mount(props) {
  props.domElement.innerHTML = '<section><h1 id="weather">Weather %s</h1><p>Sunny, 21°C</p></section>';
}
export async function unmount(props) { props.domElement.innerHTML = ""; }
"""


@pytest.fixture(scope="module")
def bazaar(cdn_shop):
    return cdn_shop


def ci_script(server, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """What a single-spa CI job sends: JSON, HTTP basic auth with the deploy token."""
    basic = base64.b64encode(f"ci:{server.deploy_token}".encode()).decode()
    request = urllib.request.Request(
        server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Basic {basic}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_single_spa_app_deployed_with_patch_services_mounts_on_its_route(bazaar, cdn, page):
    first = cdn.serve("/weather/1.0.0/weather.js", (WEATHER % "1.0.0").encode())
    # The app's place in the layout (its route) is declared once, as single-spa root configs
    # declare applications; from then on CI only sends import-map-deployer's PATCH.
    status, body = bazaar.api(
        "POST",
        "/api/registry/releases",
        {
            "manifests": [
                {
                    "manifest": {
                        "name": "@acme/weather",
                        "version": "1.0.0",
                        "entry": first,
                        "routes": [{"path": "/weather"}],
                        "mountPoints": {"nav": [{"label": "Weather", "href": "/weather"}]},
                        "config": {"title": "Weather"},
                    },
                    "files": {},
                }
            ]
        },
    )
    assert status == 201, body
    page.goto(bazaar.url + "/weather")
    assert page.locator("#weather").inner_text() == "Weather 1.0.0"

    second = cdn.serve("/weather/1.1.0/weather.js", (WEATHER % "1.1.0").encode())
    status, importmap = ci_script(
        bazaar, "PATCH", "/services?env=default", {"service": "@acme/weather", "url": second}
    )
    assert status == 200, importmap
    assert importmap["imports"]["@acme/weather"] == second
    page.goto(bazaar.url + "/weather")  # the next page load: no restart
    assert page.locator("#weather").inner_text() == "Weather 1.1.0"
    page.get_by_role("link", name="Shop all").click()  # the storefront beside it
    page.get_by_test_id("product-card").first.wait_for()

    status, importmap = ci_script(bazaar, "DELETE", "/services/%40acme%2Fweather")
    assert status == 200 and "@acme/weather" not in importmap["imports"]
    page.goto(bazaar.url + "/weather")
    page.locator("[data-not-found]").wait_for()
    status, history = bazaar.api("GET", "/api/registry/revisions?limit=3")
    assert [r["message"] for r in history][:2] == [
        "remove @acme/weather",
        f"PATCH /services @acme/weather {second}",
    ]


def test_a_cdn_that_serves_other_bytes_later_is_refused_by_the_browser(bazaar, cdn, page):
    url = cdn.serve("/clock/1.0.0/clock.js", (WEATHER % "clock").encode())
    status, body = ci_script(bazaar, "PATCH", "/services", {"service": "@acme/clock", "url": url})
    assert status == 200, body
    # The module changes on the CDN after the deploy: the hash pinned then no longer matches.
    cdn.serve("/clock/1.0.0/clock.js", (WEATHER % "tampered").encode())
    page.goto(bazaar.url + "/")
    page.get_by_test_id("product-card").first.wait_for()
    loaded = page.evaluate(
        "() => import('@acme/clock').then(() => 'loaded', (error) => 'refused: ' + error.message)"
    )
    assert loaded.startswith("refused"), loaded


COMBINED = """
// Lifecycles as arrays, the way single-spa helpers are combined (single-spa-css's docs):
// each step runs after the one before it finished.
const steps = [];
const css = {
  mount: async () => { await new Promise((r) => setTimeout(r, 50)); steps.push("css"); },
  unmount: async () => { steps.push("css out"); },
};
const app = {
  mount: async (props) => {
    steps.push("app");
    props.domElement.innerHTML = '<h1 id="combined">' + steps.join(", ") + "</h1>";
  },
  unmount: async (props) => { props.domElement.innerHTML = ""; },
};
export const bootstrap = [async () => {}, async () => {}];
export const mount = [css.mount, app.mount];
export const unmount = [app.unmount, css.unmount];
"""

NOT_A_LIFECYCLE = (
    "export const bootstrap = []; export const mount = [1]; export const unmount = [];"
)


def test_lifecycles_exported_as_arrays_run_in_order_and_a_bad_one_is_named(bazaar, cdn, page):
    def release(name: str, source: str) -> None:
        url = cdn.serve(f"/{name}/1.0.0/{name}.js", source.encode())
        manifest = {
            "name": f"@acme/{name}",
            "version": "1.0.0",
            "entry": url,
            "routes": [{"path": f"/{name}"}],
            "config": {"title": name.title()},
        }
        status, body = bazaar.api(
            "POST", "/api/registry/releases", {"manifests": [{"manifest": manifest, "files": {}}]}
        )
        assert status == 201, body

    release("combined", COMBINED)
    release("broken", NOT_A_LIFECYCLE)
    page.goto(bazaar.url + "/combined")
    assert page.locator("#combined").inner_text() == "css, app"  # css's mount finished first
    page.goto(bazaar.url + "/broken")
    error = page.locator("[data-app='@acme/broken']")
    expect(error.locator("code")).to_contain_text("the module does not export async mount()")
