"""Modules hosted elsewhere (a CDN) and import-map-deployer's API over the registry: a module
URL must be on the allow-list, answer 200 with JavaScript, and match any hash given; its SRI
hash comes from the bytes fetched at deploy; every change is a release in the history."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.test import Client

from shell.registry.integrity import sri
from shell.registry.models import Release, Revision
from shell.registry.selectors import current_page_config
from shell.testing.factories import ENTRY_JS, manifest

pytestmark = pytest.mark.django_db

TOKEN = "dev-deploy-token"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
WEATHER = b"export async function bootstrap() {}\nexport async function mount() {}\nexport async function unmount() {}\n"


@pytest.fixture(autouse=True)
def allowed(settings, cdn):
    settings.BAZAAR_SCRIPT_ORIGINS = [cdn.origin]


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def registry_state():
    return (Revision.objects.count(), Release.objects.count())


def post_release(client, data: dict, files: dict | None = None):
    body = {"manifests": [{"manifest": data, "files": files or {}}]}
    return client.post("/api/registry/releases", body, content_type="application/json", **AUTH)


def patch_service(client, service: str, url: str, query: str = "", **auth):
    return client.patch(
        "/services" + query,
        {"service": service, "url": url},
        content_type="application/json",
        **(auth or AUTH),
    )


def test_an_entry_hosted_elsewhere_is_pinned_to_the_bytes_fetched_at_deploy(client, cdn):
    url = cdn.serve("/weather/1.0.0/main.js", WEATHER)
    response = post_release(
        client, manifest("weather", entry=url, routes=[{"path": "/weather"}]), files={}
    )
    assert response.status_code == 201, response.json()
    importmap = current_page_config().importmap
    assert importmap["imports"]["@bazaar/weather"] == url
    assert importmap["integrity"][url] == sri(WEATHER)
    page = client.get("/weather")
    assert f'<link rel="modulepreload" href="{url}" integrity="{sri(WEATHER)}">' in page.text
    assert cdn.origin in page["Content-Security-Policy"]


def test_an_app_may_mix_published_files_and_a_module_hosted_elsewhere(client, cdn):
    url = cdn.serve("/charts/2.0.0/charts.js", b"export const chart = () => 'chart';\n")
    data = manifest("demo", imports={"@bazaar/demo/charts": url})
    response = post_release(client, data, files={"src/main.js": ENTRY_JS.decode()})
    assert response.status_code == 201, response.json()
    imports = current_page_config().importmap["imports"]
    assert imports["@bazaar/demo/charts"] == url
    assert imports["@bazaar/demo"].endswith("/build/main.js")


def _sha384(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


REFUSED = [
    pytest.param(
        lambda cdn: "https://cdn.elsewhere.example/weather.js",
        {},
        "https://cdn.elsewhere.example is not an allowed module origin",
        id="origin not allowed",
    ),
    pytest.param(
        lambda cdn: "http://127.0.0.1:9/weather.js",  # the discard port: nothing listens
        {"BAZAAR_SCRIPT_ORIGINS": ["http://127.0.0.1:9"]},
        "could not be fetched",
        id="unreachable",
    ),
    pytest.param(
        lambda cdn: cdn.origin + "/missing.js", {}, "answered 404, not 200", id="not found"
    ),
    pytest.param(
        lambda cdn: cdn.serve("/page.js", b"<html></html>", content_type="text/html"),
        {},
        "is text/html, not JavaScript",
        id="not JavaScript",
    ),
]


@pytest.mark.parametrize(("make_url", "overrides", "message"), REFUSED)
def test_a_module_that_cannot_be_pinned_is_refused_and_the_registry_unchanged(
    client, cdn, settings, make_url, overrides, message
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    before = registry_state()
    url = make_url(cdn)
    response = post_release(client, manifest("weather", entry=url), files={})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("entry: ") and message in response.json()["detail"]
    assert registry_state() == before
    # The same through import-map-deployer's PATCH /services.
    response = patch_service(client, "@acme/weather", url)
    assert response.status_code == 422 and message in response.json()["detail"]
    assert registry_state() == before


def test_an_answer_cut_short_is_refused_not_a_server_error(client, cdn):
    url = cdn.serve("/cut/1.0.0/main.js", WEATHER)
    cdn.truncated.add("/cut/1.0.0/main.js")
    before = registry_state()
    response = post_release(client, manifest("cut", entry=url), files={})
    assert response.status_code == 422, response.content
    assert "could not be fetched" in response.json()["detail"]
    assert registry_state() == before


def test_a_module_whose_bytes_differ_from_the_hash_given_is_refused(client, cdn):
    url = cdn.serve("/weather/1.0.1/main.js", WEATHER)
    expected = _sha384(b"the bytes the team built")
    data = manifest("weather", entry=url, integrity={url: expected})
    before = registry_state()
    response = post_release(client, data, files={})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"integrity: {url} answered other bytes than {expected} (they hash to {sri(WEATHER)})"
    )
    assert registry_state() == before
    good = post_release(client, manifest("weather", entry=url, integrity={url: sri(WEATHER)}))
    assert good.status_code == 201, good.json()


def test_patch_services_then_the_import_map_shows_the_module(client, cdn):
    url = cdn.serve("/utils/3.1.0/utils.js", b"export const hello = () => 'hi';\n")
    response = patch_service(client, "@acme/utils", url)
    assert response.status_code == 200, response.json()
    assert response.json()["imports"]["@acme/utils"] == url
    assert response.json()["integrity"][url] == sri(b"export const hello = () => 'hi';\n")
    fetched = client.get("/import-map.json")
    assert fetched.status_code == 200
    assert fetched.json()["imports"]["@acme/utils"] == url
    revision = Revision.objects.order_by("-number").first()
    assert (
        revision.created_by == "deploy" and revision.message == f"PATCH /services @acme/utils {url}"
    )
    # A module of its own, mounted nowhere.
    [app] = [a for a in current_page_config().apps if a["name"] == "@acme/utils"]
    assert app["routes"] == [] and app["version"].startswith("0.0.0+imd.")


def test_patching_an_app_keeps_its_routes_and_the_same_module_twice_changes_nothing(client, cdn):
    first = cdn.serve("/weather/1.0.0/main.js", WEATHER)
    data = manifest("weather", version="1.2.0", entry=first, routes=[{"path": "/weather"}])
    assert post_release(client, data, files={}).status_code == 201
    second = cdn.serve("/weather/1.1.0/main.js", WEATHER + b"// 1.1.0\n")
    response = patch_service(client, "@bazaar/weather", second)
    assert response.status_code == 200, response.json()
    [app] = [a for a in current_page_config().apps if a["name"] == "@bazaar/weather"]
    assert app["routes"] == [{"path": "/weather", "exact": False}]
    assert app["version"].startswith("1.2.0+imd.")
    assert current_page_config().importmap["imports"]["@bazaar/weather"] == second
    revisions = Revision.objects.count()
    assert patch_service(client, "@bazaar/weather", second).status_code == 200
    assert Revision.objects.count() == revisions


def test_patching_an_app_with_published_files_keeps_them(client, cdn):
    data = manifest(
        "demo", mountPoints={"header-right": [{"module": "src/badge.js", "label": "Badge"}]}
    )
    files = {"src/main.js": ENTRY_JS.decode(), "src/badge.js": ENTRY_JS.decode()}
    assert post_release(client, data, files).status_code == 201
    url = cdn.serve("/demo/2.0.0/main.js", WEATHER)
    response = patch_service(client, "@bazaar/demo", url)
    assert response.status_code == 200, response.json()
    config = current_page_config()
    assert config.importmap["imports"]["@bazaar/demo"] == url
    [badge] = config.mount_points["header-right"]
    assert badge["module"].endswith("/build/badge.js")
    assert client.get(badge["module"]).status_code == 200


def test_delete_services_takes_the_module_out_of_the_import_map(client, cdn):
    url = cdn.serve("/utils/1.0.0/utils.js", b"export {};\n")
    assert patch_service(client, "@acme/utils", url).status_code == 200
    response = client.delete("/services/%40acme%2Futils", **AUTH)
    assert response.status_code == 200, response.json()
    assert "@acme/utils" not in response.json()["imports"]
    assert "@acme/utils" not in client.get("/import-map.json").json()["imports"]
    again = client.delete("/services/%40acme%2Futils", **AUTH)
    assert again.status_code == 404


def test_import_map_deployer_basic_auth_takes_a_deploy_token_as_password(client, cdn):
    url = cdn.serve("/utils/1.0.0/utils.js", b"export {};\n")
    basic = base64.b64encode(f"admin:{TOKEN}".encode()).decode()
    response = patch_service(client, "@acme/utils", url, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.json()
    wrong = base64.b64encode(b"admin:1234").decode()
    refused = patch_service(client, "@acme/utils", url, HTTP_AUTHORIZATION=f"Basic {wrong}")
    assert refused.status_code == 401
    assert client.patch("/services", {}, content_type="application/json").status_code == 401


def test_an_import_map_this_deployment_does_not_answer_to_is_refused(client, cdn, settings):
    url = cdn.serve("/utils/1.0.0/utils.js", b"export {};\n")
    before = registry_state()
    response = patch_service(client, "@acme/utils", url, query="?env=staging")
    assert response.status_code == 404 and "'staging'" in response.json()["detail"]
    assert registry_state() == before
    assert patch_service(client, "@acme/utils", url, query="?env=default").status_code == 200
    settings.BAZAAR_IMPORT_MAP_ENVS = ["default", "prod"]
    assert client.get("/import-map.json?env=prod").status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"service": "Weather!", "url": "x"}, "service: 'Weather!' is not a library name"),
        ({"service": "@acme/weather", "url": "https://cdn/x.js", "version": "1.0.0"}, "version: "),
        ({"service": "@acme/weather", "url": "ftp://cdn/x.js"}, "url: "),
        ({"url": "https://cdn/x.js"}, "service: "),
    ],
)
def test_a_bad_service_patch_is_a_422_naming_the_field(client, body, message):
    response = client.patch("/services", body, content_type="application/json", **AUTH)
    assert response.status_code == 422 and message in response.json()["detail"]


def test_the_import_map_deployer_api_declares_what_it_answers(client):
    spec = client.get("/services/openapi.json").json()
    patch = spec["paths"]["/services"]["patch"]
    assert {"200", "401", "404", "409", "422"} <= set(patch["responses"])
    assert {"200", "401", "404", "409"} <= set(
        spec["paths"]["/services/{name}"]["delete"]["responses"]
    )
    assert "/import-map.json" in spec["paths"]


def test_patching_an_app_whose_entry_was_pinned_by_hash(client, cdn):
    first = cdn.serve("/pinned/1.0.0/main.js", WEATHER)
    data = manifest("pinned", entry=first, integrity={first: sri(WEATHER)})
    assert post_release(client, data, files={}).status_code == 201
    second = cdn.serve("/pinned/1.1.0/main.js", WEATHER + b"// 1.1.0\n")
    response = patch_service(client, "@bazaar/pinned", second)
    assert response.status_code == 200, response.json()
    assert response.json()["imports"]["@bazaar/pinned"] == second


def test_patch_services_checks_the_integrity_the_team_sends(client, cdn):
    url = cdn.serve("/utils/4.0.0/utils.js", b"export const four = 4;\n")
    built = _sha384(b"export const four = 4;\n")
    wrong = _sha384(b"what the build made before someone swapped the file")
    before = registry_state()
    body = {"service": "@acme/utils", "url": url, "integrity": wrong}
    refused = client.patch("/services", body, content_type="application/json", **AUTH)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        f"integrity: {url} answered other bytes than {wrong} (they hash to {built})"
    )
    assert registry_state() == before
    body["integrity"] = built
    response = client.patch("/services", body, content_type="application/json", **AUTH)
    assert response.status_code == 200, response.json()
    assert response.json()["integrity"][url] == built


def test_environments_lists_the_names_of_the_one_import_map(client, settings):
    settings.BAZAAR_IMPORT_MAP_ENVS = ["default", "prod"]
    response = client.get("/environments")
    assert response.status_code == 200
    assert response.json() == {
        "environments": [
            {"name": "default", "isDefault": True, "aliases": ["prod"]},
            {"name": "prod", "isDefault": True, "aliases": ["default"]},
        ]
    }


def test_an_app_taken_out_and_patched_again_comes_back_with_its_routes(client, cdn):
    first = cdn.serve("/weather/1.0.0/main.js", WEATHER)
    assert post_release(client, manifest("weather", entry=first)).status_code == 201
    assert client.delete("/services/%40bazaar%2Fweather", **AUTH).status_code == 200
    second = cdn.serve("/weather/1.0.1/main.js", WEATHER + b"// 1.0.1\n")
    response = patch_service(client, "@bazaar/weather", second)
    assert response.status_code == 200, response.json()
    [app] = [a for a in current_page_config().apps if a["name"] == "@bazaar/weather"]
    assert app["routes"] == [{"path": "/weather", "exact": False}]
    assert app["version"].startswith("1.0.0+imd.")


def test_a_service_folder_maps_to_its_urls_folder_and_other_dir_levels_are_refused(client, cdn):
    url = cdn.serve("/utils/5.0.0/esm/utils.js", b"export const five = 5;\n")
    response = patch_service(client, "@acme/utils", url)
    assert response.status_code == 200, response.json()
    assert response.json()["imports"]["@acme/utils/"] == cdn.origin + "/utils/5.0.0/esm/"
    before = registry_state()
    refused = patch_service(client, "@acme/utils", url, query="?packageDirLevel=2")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("packageDirLevel: only 1")
    assert registry_state() == before
    # An app with files published here keeps their folder.
    published = post_release(client, manifest("weather"), files={"src/main.js": ENTRY_JS.decode()})
    assert published.status_code == 201, published.json()
    imports = client.get("/import-map.json").json()["imports"]
    assert imports["@bazaar/weather/"].startswith("/static/apps/weather/1.0.0")


def test_patch_import_map_changes_several_services_in_one_revision_or_none(client, cdn):
    one = cdn.serve("/one/1.0.0/one.js", b"export const one = 1;\n")
    two = cdn.serve("/two/1.0.0/two.js", b"export const two = 2;\n")
    before = registry_state()
    body = {"imports": {"@acme/one": one, "@acme/two": cdn.origin + "/missing.js"}}
    refused = client.patch("/import-map.json", body, content_type="application/json", **AUTH)
    assert refused.status_code == 422 and "answered 404" in refused.json()["detail"]
    assert registry_state() == before

    body = {"imports": {"@acme/one": one, "@acme/two": two}}
    response = client.patch("/import-map.json", body, content_type="application/json", **AUTH)
    assert response.status_code == 200, response.json()
    assert {k: response.json()["imports"][k] for k in body["imports"]} == body["imports"]
    assert Revision.objects.count() == before[0] + 1
    scoped = {"imports": {"@acme/one": one}, "scopes": {"/": {"@acme/one": two}}}
    response = client.patch("/import-map.json", scoped, content_type="application/json", **AUTH)
    assert response.status_code == 422 and response.json()["detail"].startswith("scopes:")
