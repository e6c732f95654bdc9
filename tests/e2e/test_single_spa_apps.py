"""single-spa applications as single-spa teams build them — a few lines on top of npm's
single-spa-vue, single-spa-react or single-spa-html, bundled by esbuild, hosted on a CDN —
deployed the way their CI deploys (import-map-deployer's ``PATCH /services`` with basic auth).
Each mounts on its route, updates when its props change (as a parcel in a slot the catalog
offers) and unmounts; the page's own single-spa reports their true statuses; and an app in
the light DOM (single-spa-vue looks its container up in ``document``) has its styles kept
off the shell."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_import_map_deployer import ci_script
from tests.npm_apps import build

pytestmark = pytest.mark.browser

VUE = """
import { createApp, h } from "vue";
import singleSpaVue from "single-spa-vue";

const STYLE = `
  p { color: rgb(200, 0, 0); }
  :root { --hello-accent: rgb(0, 120, 0); }
  .hello-box { border-left: 4px solid var(--hello-accent); color: var(--hello-accent); }
`;
const style = document.createElement("style");  // as bundlers' style loaders add CSS
style.textContent = STYLE;

const lifecycles = singleSpaVue({
  createApp,
  appOptions: {
    render() {
      const seen = this.context ? `product ${this.context.productId}` : "its own page";
      return h("div", { class: "hello-box" }, [h("p", { id: "vue-hello" }, `Vue %s on ${seen}`)]);
    },
  },
});

let portal;
export const bootstrap = lifecycles.bootstrap;
export const mount = [
  async () => { document.head.append(style); },
  lifecycles.mount,
  async () => {  // what a dialog library does: render at the end of <body>
    portal = document.createElement("div");
    portal.innerHTML = '<p id="vue-portal">A dialog</p>';
    document.body.append(portal);
  },
];
export const unmount = [lifecycles.unmount, async () => { portal.remove(); style.remove(); }];
export const update = lifecycles.update;
"""

REACT = """
import React from "react";
import ReactDOMClient from "react-dom/client";
import singleSpaReact from "single-spa-react";

function Hello({ context }) {
  const seen = context ? `product ${context.productId}` : "its own page";
  return React.createElement("p", { id: "react-hello" }, `React on ${seen}`);
}
export const { bootstrap, mount, unmount, update } = singleSpaReact({
  React, ReactDOMClient, rootComponent: Hello, errorBoundary: () => null,
});
"""

HTML = """
import singleSpaHtml from "single-spa-html";
export const { bootstrap, mount, unmount } = singleSpaHtml({
  template: (props) => `<p id="html-hello">HTML for ${props.name}</p>`,
});
"""


@pytest.fixture(scope="module")
def bazaar(cdn_shop):
    return cdn_shop


def declare(server, name: str, url: str, **manifest) -> None:
    """The app's place in the layout, declared once (as a root config registers it)."""
    release = {"name": name, "version": "1.0.0", "entry": url, "config": {"title": name}}
    status, body = server.api(
        "POST",
        "/api/registry/releases",
        {"manifests": [{"manifest": release | manifest, "files": {}}]},
    )
    assert status == 201, body


def app_status(page, name: str) -> str | None:
    return page.evaluate("async (n) => (await import('single-spa')).getAppStatus(n)", name)


def color(locator) -> str:
    return locator.evaluate("(e) => getComputedStyle(e).color")


@pytest.fixture(scope="module")
def deployed(bazaar, cdn):
    """Each app declared with its route and a parcel in the product page's slot, then its
    build deployed by the CI script."""
    apps = {"vue": ("none", VUE % "1.0"), "react": ("shadow", REACT), "html": ("shadow", HTML)}
    for slug, (isolation, source) in apps.items():
        name = f"@acme/{slug}-hello"
        url = cdn.serve(f"/{slug}-hello/1.0.0/app.js", build(source))
        declare(
            bazaar,
            name,
            url,
            routes=[{"path": f"/{slug}-hello"}],
            isolation=isolation,
            mountPoints={"product-details": [{"module": url, "label": slug}]},
        )
    # Built with vue left to the import map: the registry's shared copy, the one the shop's
    # own Vue app (recently viewed, in the footer) gets too.
    shared = cdn.serve("/vue-shared/1.0.0/app.js", build(VUE % "shared", external=("vue",)))
    declare(
        bazaar,
        "@acme/vue-shared",
        shared,
        routes=[{"path": "/vue-shared"}],
        isolation="none",
        shared={"vue": "^3.4"},
    )
    rebuilt = cdn.serve("/vue-hello/1.1.0/app.js", build(VUE % "1.1"))
    status, body = ci_script(
        bazaar, "PATCH", "/services?env=default", {"service": "@acme/vue-hello", "url": rebuilt}
    )
    assert status == 200, body
    return bazaar


@pytest.mark.parametrize(
    ("slug", "text"),
    [
        ("vue", "Vue 1.1 on its own page"),
        ("react", "React on its own page"),
        ("html", "HTML for @acme/html-hello"),
    ],
)
def test_an_npm_built_app_mounts_on_its_route_and_unmounts_when_left(deployed, page, slug, text):
    name = f"@acme/{slug}-hello"
    page.goto(deployed.url + f"/{slug}-hello")
    expect(page.locator(f"#{slug}-hello")).to_have_text(text)
    assert app_status(page, name) == "MOUNTED"
    page.get_by_role("link", name="Shop all").click()
    page.get_by_test_id("product-card").first.wait_for()
    expect(page.locator(f"#{slug}-hello")).to_have_count(0)
    assert app_status(page, name) == "NOT_MOUNTED"


def test_parcels_built_from_npm_update_when_the_slot_context_changes(deployed, page):
    page.goto(deployed.url + "/catalog")
    page.get_by_test_id("product-card").first.get_by_role("link").first.click()
    product = page.url.rsplit("/", 1)[1]
    catalog_slot = page.locator("bazaar-mount-point[name=product-details]")
    expect(catalog_slot.locator("#react-hello")).to_have_text(f"React on product {product}")
    expect(catalog_slot.locator("#html-hello")).to_be_attached()
    # The catalog renders in a shadow root, where `document` cannot find a light-DOM parcel:
    # it says so instead of rendering nothing.
    expect(catalog_slot.locator("[data-app='@acme/vue-hello#product-details']")).to_contain_text(
        "renders in the light DOM"
    )
    # A view in the light DOM offering the same slot (any view library, or none, may).
    page.evaluate(
        """() => {
          const slot = document.createElement("bazaar-mount-point");
          slot.setAttribute("name", "product-details");
          slot.dataset.productId = "1";
          slot.id = "light-slot";
          document.querySelector("main").prepend(slot);
        }"""
    )
    slot = page.locator("#light-slot")
    # (The parcel is the module the manifest's mount point names: PATCH /services moved only
    # the app's entry to 1.1.)
    expect(slot.locator("#vue-hello")).to_have_text("Vue 1.0 on product 1")
    expect(slot.locator("#react-hello")).to_have_text("React on product 1")
    # The view tells its parcels of another product: single-spa's update.
    slot.evaluate("(e) => { e.dataset.productId = '2'; }")
    expect(slot.locator("#vue-hello")).to_have_text("Vue 1.0 on product 2")
    expect(slot.locator("#react-hello")).to_have_text("React on product 2")
    # The view takes the slot away: its parcels unmount (the Vue one takes its portal along).
    expect(page.locator("#vue-portal")).to_have_count(1)
    slot.evaluate("(e) => e.remove()")
    expect(page.locator("#vue-portal")).to_have_count(0)


def test_a_light_dom_app_is_styled_by_its_css_and_cannot_restyle_the_shell(deployed, page):
    page.goto(deployed.url + "/vue-hello")
    hello = page.locator("#vue-hello")
    expect(hello).to_have_text("Vue 1.1 on its own page")
    # In the light DOM: found by document.querySelector, as single-spa-vue needs.
    assert page.evaluate("() => document.querySelector('#vue-hello') !== null")
    assert color(hello) == "rgb(200, 0, 0)"  # its `p` rule
    assert color(page.locator(".hello-box")) == "rgb(0, 120, 0)"  # its :root custom property
    assert color(page.locator("#vue-portal")) == "rgb(200, 0, 0)"  # what it portals to <body>
    # The same `p` rule does not reach the shell's own paragraphs.
    footer = page.locator(".site-footer p").first
    assert color(footer) != "rgb(200, 0, 0)"
    # Unmounted, its stylesheet goes with it.
    page.get_by_role("link", name="Shop all").click()
    page.get_by_test_id("product-card").first.wait_for()
    assert not page.evaluate(
        """() => document.adoptedStyleSheets.some((sheet) =>
             [...sheet.cssRules].some((rule) => rule.cssText.includes('hello-box')))"""
    )


def test_two_apps_share_one_copy_of_vue_through_the_registry(deployed, page):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/vue@" in r.url else None)
    page.goto(deployed.url + "/vue-shared")
    expect(page.locator("#vue-hello")).to_have_text("Vue shared on its own page")
    # The shop's Vue app in the footer, on the same page.
    expect(page.locator("[data-app='@bazaar/recent#footer'] .bz-recent__title")).to_be_visible()
    assert len(fetched) == 1, fetched
    status, libraries = deployed.api("GET", "/api/registry/libraries")
    vue = next(lib for lib in libraries if lib["name"] == "vue")
    [version] = vue["versions"]
    assert {"@acme/vue-shared", "@bazaar/recent"} <= set(version["apps"])
