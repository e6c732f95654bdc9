"""The service worker's script, the web app manifest, and what they make the shop serve."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from shell.offline import _script
from shell.registry import services
from shell.registry.bundles import bundle_from_data
from shell.registry.manifest import ManifestError
from shell.registry.selectors import current_page_config
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def _fresh_scripts():
    _script.cache_clear()
    yield
    _script.cache_clear()


def deploy(*apps):
    return services.release_deploy(bundles=[bundle_from_data(m, f) for m, f in apps], actor="test")


def worker_settings(response) -> dict:
    """The BAZAAR object the script starts with."""
    text = response.content.decode()
    match = re.search(r"^const BAZAAR = (\{.*?\n\});$", text, re.S | re.M)
    assert match, text[:500]
    return json.loads(match.group(1))


def test_the_worker_is_served_at_the_root_never_from_an_http_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert 'importScripts(BAZAAR.workbox["workbox-sw"])' in response.content.decode()


def test_the_worker_precaches_every_module_of_the_revision_under_its_hash(client):
    deploy(
        (
            manifest(),
            files({"src/parts/view.js": b"export const v = 1;\n", "src/logo.svg": b"<svg/>"}),
        )
    )
    config = current_page_config()
    response = client.get("/sw.js")
    settings = worker_settings(response)
    assert settings["revision"] == config.revision == int(response["X-Bazaar-Revision"])
    entries = {entry["url"]: entry for entry in settings["precache"]}
    # Every module the import map names, with the same hash the page checks.
    for url, digest in config.importmap["integrity"].items():
        assert entries[url]["integrity"] == digest
    # Other files a page may load (images), not the sources the build replaced nor maps.
    assert "/static/apps/demo/1.0.0/src/logo.svg" in entries
    assert "/static/apps/demo/1.0.0/build/main.js" in entries
    assert "/static/apps/demo/1.0.0/src/parts/view.js" not in entries
    assert not [url for url in entries if url.endswith(".map")]
    assert entries["/static/shell/shell.css"]["revision"]
    for url in entries:
        assert client.get(url).status_code == 200, url


def test_a_new_revision_is_a_new_worker_without_the_old_modules(client):
    deploy((manifest(version="1.0.0"), files()))
    first = client.get("/sw.js")
    deploy((manifest(version="1.1.0"), files(entry=b"export const changed = true;\n")))
    second = client.get("/sw.js")
    assert first.content != second.content
    urls = {entry["url"] for entry in worker_settings(second)["precache"]}
    assert "/static/apps/demo/1.1.0/build/main.js" in urls
    assert not [url for url in urls if "/demo/1.0.0/" in url]


def test_workbox_comes_from_the_shops_npm_packages(client):
    modules = worker_settings(client.get("/sw.js"))["workbox"]
    assert set(modules) >= {"workbox-sw", "workbox-core", "workbox-precaching", "workbox-routing"}
    for url in modules.values():
        assert url.startswith("/static/vendor/workbox-")
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response["Cache-Control"]


def test_navigations_to_platform_paths_are_left_to_the_network(client):
    paths = worker_settings(client.get("/sw.js"))["platformPaths"]
    assert {"oidc", "api", "bff", "static", "live"} <= set(paths)
    assert "outbox" not in paths  # a client route of the shell: served offline too


def test_the_web_app_manifest_makes_the_shop_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["start_url"] == "/" and body["scope"] == "/"
    assert body["display"] == "standalone"
    assert body["name"] and body["short_name"]
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page


def test_the_outbox_page_is_a_client_route_of_the_shell(client):
    response = client.get("/outbox")
    assert response.status_code == 200
    assert b'<script type="importmap"' in response.content


def test_no_app_may_claim_the_outbox_route():
    with pytest.raises(ManifestError, match="outbox"):
        deploy((manifest(slug="outboxer", routes=[{"path": "/outbox"}]), files()))


@pytest.mark.parametrize("path", ["/static/shell/shell.css", "/sw.js", "/manifest.webmanifest"])
def test_static_files_and_the_worker_never_read_the_session(client, path):
    """A request sent with the session cookie from before a sign-in (the worker precaching
    while the shopper signs in) must not read the session: Django would find it gone and
    answer with a deletion of the cookie, signing the shopper out again."""
    client.cookies["sessionid"] = "a-session-that-a-sign-in-replaced"
    response = client.get(path)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_shell_page_shows_the_user_id_the_outbox_keys_on(client):
    page = client.get("/").content.decode()
    user = json.loads(
        re.search(r'id="bazaar-user" type="application/json">(.*?)</script>', page).group(1)
    )
    assert user == {"signedIn": False, "id": "", "name": "", "roles": []}
