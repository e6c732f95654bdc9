"""Shared libraries: published once per version (import-map-deployer's PATCH /services with a
bare name, or the registry's own API), given to each app in the semver range its manifest
declares, one copy per compatible range for the whole map, and `scopes` where two apps need
incompatible majors. A range nothing satisfies is refused, naming it; every change is a
revision, so a restore brings the libraries of that time back."""

from __future__ import annotations

import pytest
from django.test import Client

from shell.registry.integrity import sri
from shell.registry.models import Revision, SharedLibrary
from shell.registry.selectors import current_page_config
from shell.testing.factories import ENTRY_JS, manifest

pytestmark = pytest.mark.django_db

TOKEN = "dev-deploy-token"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def allowed(settings, cdn):
    settings.BAZAAR_SCRIPT_ORIGINS = [cdn.origin]


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def vue(cdn, version: str) -> str:
    """A stand-in for vue's browser build at ``version`` on the CDN; returns its URL."""
    body = f"export const version = '{version}';\nexport function createApp() {{}}\n".encode()
    return cdn.serve(f"/npm/vue@{version}/dist/vue.esm-browser.prod.js", body)


def patch_service(client, service: str, url: str, **extra):
    body = {"service": service, "url": url, **extra}
    return client.patch("/services", body, content_type="application/json", **AUTH)


def deploy(client, slug: str, shared: dict | None = None, version: str = "1.0.0"):
    data = manifest(slug, version=version, bff=None, mountPoints={}, shared=shared or {})
    body = {"manifests": [{"manifest": data, "files": {"src/main.js": ENTRY_JS.decode()}}]}
    return client.post("/api/registry/releases", body, content_type="application/json", **AUTH)


def folder(slug: str, version: str = "1.0.0") -> str:
    return f"/static/apps/{slug}/{version}/"


def test_patch_services_with_a_bare_name_publishes_a_library_into_the_import_map(client, cdn):
    url = vue(cdn, "3.5.13")
    response = patch_service(client, "vue", url)
    assert response.status_code == 200, response.json()
    assert response.json()["imports"]["vue"] == url
    assert response.json()["integrity"][url] == sri(cdn.answers[url.removeprefix(cdn.origin)][2])
    library = SharedLibrary.objects.get()
    assert (library.name, library.version) == ("vue", "3.5.13")  # the version its URL names
    assert Revision.objects.get().message == f"publish vue@3.5.13 {url}"


def test_apps_whose_ranges_meet_share_one_copy(client, cdn):
    patch_service(client, "vue", vue(cdn, "3.4.0"))
    patch_service(client, "vue", vue(cdn, "3.5.13"))
    assert deploy(client, "reviews", {"vue": "^3.4"}).status_code == 201
    assert deploy(client, "recent", {"vue": "~3.5.0"}).status_code == 201
    importmap = current_page_config().importmap
    assert importmap["imports"]["vue"] == vue(cdn, "3.5.13")
    assert "scopes" not in importmap  # one copy for both
    libraries = client.get("/api/registry/libraries").json()
    assert libraries == [
        {
            "name": "vue",
            "versions": [
                {
                    "version": "3.4.0",
                    "url": vue(cdn, "3.4.0"),
                    "integrity": SharedLibrary.objects.get(version="3.4.0").integrity,
                    "apps": [],
                    "in_imports": False,
                },
                {
                    "version": "3.5.13",
                    "url": vue(cdn, "3.5.13"),
                    "integrity": SharedLibrary.objects.get(version="3.5.13").integrity,
                    "apps": ["@bazaar/recent", "@bazaar/reviews"],
                    "in_imports": True,
                },
            ],
        }
    ]


def test_incompatible_majors_get_a_copy_each_through_scopes(client, cdn):
    patch_service(client, "vue", vue(cdn, "2.7.16"))
    patch_service(client, "vue", vue(cdn, "3.5.13"))
    deploy(client, "legacy", {"vue": "^2.6"})
    deploy(client, "reviews", {"vue": "^3.4"})
    deploy(client, "recent", {"vue": "^3.2"})
    importmap = current_page_config().importmap
    # The version most apps get is the import map's; the other reaches its app by scope.
    assert importmap["imports"]["vue"] == vue(cdn, "3.5.13")
    assert importmap["scopes"] == {folder("legacy"): {"vue": vue(cdn, "2.7.16")}}
    assert {vue(cdn, "2.7.16"), vue(cdn, "3.5.13")} <= set(importmap["integrity"])
    # A page of the legacy app preloads its own copy.
    page = client.get("/legacy")
    assert vue(cdn, "2.7.16") in page.text and 'type="importmap"' in page.text


def test_a_release_whose_range_nothing_satisfies_is_refused_naming_it(client, cdn):
    patch_service(client, "vue", vue(cdn, "2.7.16"))
    before = Revision.objects.count()
    response = deploy(client, "reviews", {"vue": "^3.4"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "shared: @bazaar/reviews needs vue ^3.4, and no published version is in range "
        '(published: 2.7.16); publish one with PATCH /services {"service": "vue", …}'
    )
    assert Revision.objects.count() == before
    response = deploy(client, "recent", {"react": "^18"})
    assert response.status_code == 422 and "react is not published" in response.json()["detail"]


@pytest.mark.parametrize(
    ("shared", "message"),
    [
        ({"vue": "^^3"}, "shared: vue: '^^3' is not an npm semver range"),
        ({"Vue!": "^3"}, "shared: 'Vue!' is not a library name"),
    ],
)
def test_a_bad_shared_declaration_is_a_422_naming_it(client, shared, message):
    response = deploy(client, "reviews", shared)
    assert response.status_code == 422 and message in response.json()["detail"]


def test_a_library_an_app_needs_cannot_be_removed_and_one_no_app_needs_can(client, cdn):
    patch_service(client, "vue", vue(cdn, "3.5.13"))
    deploy(client, "reviews", {"vue": "^3.4"})
    response = client.delete("/services/vue", **AUTH)
    assert response.status_code == 422
    assert "@bazaar/reviews needs vue ^3.4, and vue is not published" in response.json()["detail"]
    assert current_page_config().importmap["imports"]["vue"] == vue(cdn, "3.5.13")
    client.delete("/api/registry/apps/reviews", **AUTH)
    response = client.delete("/services/vue", **AUTH)
    assert response.status_code == 200 and "vue" not in response.json()["imports"]


def test_restoring_a_revision_brings_its_libraries_back(client, cdn):
    patch_service(client, "vue", vue(cdn, "3.4.0"))
    deploy(client, "reviews", {"vue": "^3.4"})
    old = Revision.objects.order_by("-number").first().number
    patch_service(client, "vue", vue(cdn, "3.5.13"))
    assert current_page_config().importmap["imports"]["vue"] == vue(cdn, "3.5.13")
    response = client.post(f"/api/registry/revisions/{old}/restore", **AUTH)
    assert response.status_code == 200, response.json()
    assert response.json()["libraries"] == {"vue": ["3.4.0"]}
    assert current_page_config().importmap["imports"]["vue"] == vue(cdn, "3.4.0")


def test_a_published_version_is_immutable_and_its_integrity_is_checked(client, cdn):
    url = vue(cdn, "3.5.13")
    assert patch_service(client, "vue", url).status_code == 200
    assert patch_service(client, "vue", url).status_code == 200  # the same again: no change
    assert Revision.objects.count() == 1
    other = cdn.serve("/mirror/vue.js", b"export const version = 'tampered';\n")
    response = patch_service(client, "vue", other, version="3.5.13")
    assert response.status_code == 409 and "immutable" in response.json()["detail"]
    response = patch_service(client, "vue", vue(cdn, "3.5.14"), integrity=sri(b"other bytes"))
    assert response.status_code == 422 and "answered other bytes" in response.json()["detail"]
    response = patch_service(client, "vue", cdn.serve("/vue.js", b"export {};\n"))
    assert response.status_code == 422 and "give 'version'" in response.json()["detail"]


def test_only_a_token_that_may_change_the_library_publishes_it(client, cdn, settings):
    settings.DEPLOY_TOKENS = {**settings.DEPLOY_TOKENS, "team": "team-token"}
    settings.DEPLOY_TOKEN_SCOPES = {"team": frozenset({"@bazaar/reviews"})}
    response = client.patch(
        "/services",
        {"service": "vue", "url": vue(cdn, "3.5.13")},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer team-token",
    )
    assert response.status_code == 403 and "may not change vue" in response.json()["detail"]
    assert not SharedLibrary.objects.exists()


def test_a_library_may_not_take_an_apps_or_the_shells_name(client, cdn):
    deploy(client, "reviews")
    response = client.post(
        "/api/registry/libraries",
        {"name": "@bazaar/reviews", "url": vue(cdn, "3.5.13")},
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 409 and "is a micro-app" in response.json()["detail"]
    response = patch_service(client, "single-spa", vue(cdn, "3.5.13"))
    assert response.status_code == 422 and "shell's own modules" in response.json()["detail"]
