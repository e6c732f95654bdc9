"""Canary releases: a version goes to a percentage of visitors by sticky, signed buckets; it
is promoted to everyone or aborted; the registry API and `manage.py microapps` show who is on
what; pages stay cached per revision and canary group."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from shell.page import canary
from shell.registry import errors, selectors, services, state
from shell.registry.bundles import bundle_from_data
from shell.registry.manifest import ManifestError
from shell.registry.models import Revision
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}
V1 = b"export async function mount() {}\nexport async function unmount() {}\n// 1.0.0\n"
V2 = b"export async function mount() {}\nexport async function unmount() {}\n// 1.1.0\n"


def deploy(version: str, entry: bytes, **kwargs) -> Revision:
    bundle = bundle_from_data(manifest(version=version), files(entry=entry))
    return services.release_deploy(bundles=[bundle], actor="test", **kwargs)


@pytest.fixture
def canary_at_10():
    deploy("1.0.0", V1)
    deploy("1.1.0", V2, canary=10)
    imports = {
        version: selectors.page_config(*selectors.current_revision_key(), groups).importmap[
            "imports"
        ]["@bazaar/demo"]
        for version, groups in (("1.0.0", frozenset()), ("1.1.0", frozenset({"@bazaar/demo"})))
    }
    assert imports["1.0.0"] != imports["1.1.0"]
    return imports


def entry_of(response) -> str:
    text = re.search(r'<script type="importmap"[^>]*>(.*?)</script>', response.text, re.S)
    return json.loads(text.group(1))["imports"]["@bazaar/demo"]


def test_ten_percent_of_visitors_get_the_canary_and_always_the_same_ones(canary_at_10):
    browser = Client(HTTP_HOST="127.0.0.1")  # one client, each visitor with their own cookies
    visitors, first = [], []
    for _ in range(1000):
        browser.cookies.clear()  # a new visitor
        first.append(entry_of(browser.get("/demo")))
        visitors.append(browser.cookies[canary.COOKIE].value)
    on_canary = [i for i, url in enumerate(first) if url == canary_at_10["1.1.0"]]
    assert set(first) == set(canary_at_10.values())
    # Binomial(1000, 0.1): 100 ± 9.5; 60..140 is more than four deviations either side.
    assert 60 <= len(on_canary) <= 140, len(on_canary)
    # Sticky: each visitor keeps their version, on pages and in the import map JSON.
    again = []
    for cookie in visitors:
        browser.cookies[canary.COOKIE] = cookie
        again.append(entry_of(browser.get("/demo")))
        assert browser.get("/importmap.json").json()["imports"]["@bazaar/demo"] == again[-1]
    assert again == first


def test_no_bucket_cookie_is_set_while_there_is_no_canary(client):
    deploy("1.0.0", V1)
    client.get("/demo")
    assert canary.COOKIE not in client.cookies


def test_the_bucket_cookie_is_signed_a_forged_one_gets_a_new_bucket(canary_at_10):
    visitor = Client(HTTP_HOST="127.0.0.1")
    visitor.cookies[canary.COOKIE] = "0"  # bucket 0 would be in every canary
    visitor.get("/demo")
    value = visitor.cookies[canary.COOKIE].value
    assert value != "0" and ":" in value  # replaced by a signed bucket


def test_pages_are_cached_per_revision_and_canary_group(canary_at_10):
    selectors.page_config.cache_clear()
    browser = Client(HTTP_HOST="127.0.0.1")
    for _ in range(60):
        browser.cookies.clear()
        browser.get("/demo")
    info = selectors.page_config.cache_info()
    assert info.currsize <= 2 and info.misses <= 2


def test_promote_gives_the_canary_to_everyone_and_abort_takes_it_back(client, canary_at_10):
    response = client.post("/api/registry/apps/demo/canary/promote", **AUTH)
    assert response.status_code == 200, response.json()
    assert response.json()["releases"]["@bazaar/demo"] == "1.1.0"
    assert response.json()["canaries"] == {}
    assert entry_of(Client(HTTP_HOST="127.0.0.1").get("/demo")) == canary_at_10["1.1.0"]
    again = client.post("/api/registry/apps/demo/canary/promote", **AUTH)
    assert again.status_code == 404

    deploy("1.2.0", V1 + b"// 1.2.0\n", canary=50)
    response = client.delete("/api/registry/apps/demo/canary", **AUTH)
    assert response.status_code == 200, response.json()
    assert response.json()["releases"]["@bazaar/demo"] == "1.1.0"
    assert response.json()["canaries"] == {}
    actions = list(Revision.objects.order_by("number").values_list("action", flat=True))
    assert actions == ["deploy", "canary", "promote", "canary", "abort"]


def test_the_registry_api_and_the_cli_show_who_is_on_what(client, canary_at_10):
    [app] = client.get("/api/registry/apps").json()
    assert app["current_version"] == "1.0.0"
    assert app["canary"] == {"version": "1.1.0", "percent": 10}
    current = client.get("/api/registry/revisions/current").json()
    assert current["canaries"] == {"@bazaar/demo": {"version": "1.1.0", "percent": 10}}
    out = io.StringIO()
    call_command("microapps", stdout=out)
    assert "live 1.0.0, canary 1.1.0 to 10%" in out.getvalue()
    out = io.StringIO()
    call_command("canary", "demo", "--abort", stdout=out)
    assert "canary aborted" in out.getvalue()


def test_a_canary_deployed_over_http(client):
    deploy("1.0.0", V1)
    body = {
        "manifests": [
            {"manifest": manifest(version="1.1.0"), "files": {"src/main.js": V2.decode()}}
        ],
        "canary": 25,
    }
    response = client.post("/api/registry/releases", body, content_type="application/json", **AUTH)
    assert response.status_code == 201, response.json()
    assert response.json()["canaries"] == {"@bazaar/demo": {"version": "1.1.0", "percent": 25}}
    assert response.json()["releases"]["@bazaar/demo"] == "1.0.0"


@pytest.mark.parametrize(
    ("percent", "setup", "message"),
    [
        (0, True, "canary"),
        (100, True, "canary"),
        (10, False, "is not live yet"),
    ],
)
def test_a_canary_that_cannot_be_is_refused(percent, setup, message):
    if setup:
        deploy("1.0.0", V1)
    before = Revision.objects.count()
    with pytest.raises((ManifestError, errors.RegistryConflict), match=message):
        deploy("1.1.0", V2, canary=percent)
    assert Revision.objects.count() == before


def test_rolling_back_or_removing_the_app_ends_its_canary(canary_at_10):
    services.release_rollback(name="@bazaar/demo", actor="t", to_version="1.0.0")
    assert state.RegistryState.of(state.current_revision()).canaries == {}


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def test_two_canaries_that_would_claim_the_same_route_for_some_visitors_are_refused():
    for slug in ("alpha", "beta"):
        bundle = bundle_from_data(manifest(slug), files())
        services.release_deploy(bundles=[bundle], actor="t")
    wider = manifest("alpha", version="1.1.0", routes=[{"path": "/alpha"}, {"path": "/deals"}])
    services.release_deploy(bundles=[bundle_from_data(wider, files())], actor="t", canary=50)
    narrower = manifest("beta", version="1.1.0", routes=[{"path": "/beta"}, {"path": "/deals"}])
    before = Revision.objects.count()
    # Visitors in buckets 0-29 would get both: /deals would have two owners.
    with pytest.raises(ManifestError, match="clashes"):
        services.release_deploy(bundles=[bundle_from_data(narrower, files())], actor="t", canary=30)
    assert Revision.objects.count() == before
