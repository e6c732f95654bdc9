"""Dev overrides: import-map-overrides cookies point a specifier at another URL when rendering
the page, for that browser only, when enabled; ignored otherwise; refused in production."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from shell.registry import services
from shell.registry.bundles import bundle_from_data
from shell.registry.manifest import ManifestError
from shell.registry.selectors import current_page_config
from shell.testing.factories import files, manifest
from shell.testing.processes import load_settings, production_env

pytestmark = pytest.mark.django_db

LOCAL = "http://localhost:5173/main.js"


@pytest.fixture
def deployed():
    services.release_deploy(bundles=[bundle_from_data(manifest(), files())], actor="t")
    return current_page_config()


def page_with(cookies: dict[str, str], path: str = "/demo"):
    # As a browser sends them: the names import-map-overrides uses are not valid for Python's
    # SimpleCookie (the test client's jar), but Django reads them.
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=header).get(path)


def importmap_of(response) -> dict:
    text = re.search(r'<script type="importmap"[^>]*>(.*?)</script>', response.text, re.S)
    return json.loads(text.group(1))


def test_an_override_cookie_points_the_specifier_at_the_developers_url(settings, deployed):
    settings.BAZAAR_DEV_OVERRIDES = True
    original = deployed.importmap["imports"]["@bazaar/demo"]
    response = page_with({"import-map-override:@bazaar/demo": LOCAL})
    importmap = importmap_of(response)
    assert importmap["imports"]["@bazaar/demo"] == LOCAL
    assert original not in importmap["integrity"] and LOCAL not in importmap["integrity"]
    assert "http://localhost:5173" in response["Content-Security-Policy"]
    assert 'data-testid="overrides-badge"' in response.text
    assert "Overrides active (1)" in response.text
    assert 'rel="modulepreload"' not in response.text  # a preload may name what is overridden
    # Other pages, without the cookie, keep the revision's import map.
    plain = page_with({})
    assert importmap_of(plain) == deployed.importmap
    assert "localhost:5173" not in plain["Content-Security-Policy"]
    assert 'data-testid="overrides-badge"' not in plain.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8500", "http://localhost:8500/bazaar-demo"),  # import-map-overrides: a port
        ("//127.0.0.1:9000/demo.js", "http://127.0.0.1:9000/demo.js"),
        ("http%3A%2F%2Flocalhost%3A5173%2Fmain.js", LOCAL),  # as its UI encodes cookie values
    ],
)
def test_the_values_import_map_overrides_writes_are_understood(settings, deployed, value, expected):
    settings.BAZAAR_DEV_OVERRIDES = True
    response = page_with({"import-map-override:@bazaar/demo": value})
    assert importmap_of(response)["imports"]["@bazaar/demo"] == expected


def test_a_value_that_is_not_a_url_is_ignored(settings, deployed):
    settings.BAZAAR_DEV_OVERRIDES = True
    response = page_with({"import-map-override:@bazaar/demo": "javascript:alert(1)"})
    assert importmap_of(response) == deployed.importmap
    assert 'data-testid="overrides-badge"' not in response.text


def test_overrides_are_ignored_when_not_enabled(deployed):
    response = page_with({"import-map-override:@bazaar/demo": LOCAL})
    assert importmap_of(response) == deployed.importmap
    assert "localhost:5173" not in response["Content-Security-Policy"]
    assert 'data-testid="overrides-badge"' not in response.text


def test_the_overrides_page_is_the_shells(settings, deployed):
    assert page_with({}, "/overrides").status_code == 200
    with pytest.raises(ManifestError, match="'/overrides'"):
        bundle_from_data(manifest("x", routes=[{"path": "/overrides"}]), files())


def test_production_settings_refuse_dev_overrides(tmp_path):
    result = load_settings({**production_env(tmp_path), "BAZAAR_DEV_OVERRIDES": "1"})
    assert result.returncode != 0
    assert "BAZAAR_DEV_OVERRIDES may not be enabled in production" in result.stderr
