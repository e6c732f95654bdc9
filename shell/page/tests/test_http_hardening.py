"""Issue 9's HTTP hardening: the Content-Security-Policy and its nonces, request body limits
(413 in the JSON error shape), /metrics behind a token, and the production settings (DEBUG
off, Secure cookies, HSTS, the TLS proxy header)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from shell.registry import services
from shell.registry.bundles import bundle_from_data
from shell.testing.factories import files, manifest
from shell.testing.processes import load_settings, production_env

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def deployed():
    services.release_deploy(bundles=[bundle_from_data(manifest(), files())], actor="test")


def test_the_page_has_a_csp_whose_nonce_only_its_own_scripts_carry(deployed):
    client = Client(HTTP_HOST="127.0.0.1")
    first, second = client.get("/demo"), client.get("/demo")
    policy = first["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    html = first.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert html.count(f'nonce="{nonce}"') == 2  # the import map and the root config
    assert nonce not in second["Content-Security-Policy"]  # fresh for every response


def test_configured_module_origins_may_serve_scripts(deployed, settings):
    settings.BAZAAR_SCRIPT_ORIGINS = ["https://cdn.example"]
    policy = Client(HTTP_HOST="127.0.0.1").get("/demo")["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[^']+' https://cdn\.example;", policy)


def test_a_bff_body_over_the_limit_is_413_in_the_json_error_shape(settings):
    settings.BAZAAR_MAX_BODY_BYTES = 1000
    response = Client().put(
        "/bff/wishlist/api/items/x",
        data=json.dumps({"pad": "x" * 2000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "1,000 bytes" in response.json()["detail"]


def test_a_deploy_over_the_registry_limit_is_413_and_one_under_it_is_read(settings):
    settings.BAZAAR_DEPLOY_MAX_BODY_BYTES = 5 * 1024 * 1024
    settings.BAZAAR_MAX_BODY_BYTES = 1000  # the registry has its own, larger limit
    big = json.dumps({"manifests": [], "pad": "x" * (6 * 1024 * 1024)})
    client = Client()
    response = client.post("/api/registry/releases", data=big, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    small = json.dumps({"manifests": [], "pad": "x" * 4000})
    response = client.post("/api/registry/releases", data=small, content_type="application/json")
    assert response.status_code == 401  # read, then refused for want of a deploy token


def test_metrics_need_the_token_when_one_is_set(settings):
    settings.BAZAAR_METRICS_TOKEN = "metrics-secret"
    client = Client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    answer = client.get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-secret")
    assert answer.status_code == 200 and b"bazaar_" in answer.content


def test_metrics_are_off_in_production_without_a_token(settings):
    settings.BAZAAR_METRICS_TOKEN = ""
    settings.DEV = False
    response = Client().get("/metrics")
    assert response.status_code == 404
    assert "BAZAAR_METRICS_TOKEN" in response.json()["detail"]


def _settings_in(env: dict) -> dict:
    code = (
        "import json, shell.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_PROXY_SSL_HEADER', 'CSRF_TRUSTED_ORIGINS']}))"
    )
    result = load_settings(env, code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_for_tls_and_never_debug(tmp_path):
    production = _settings_in(
        {
            **production_env(tmp_path),
            "DJANGO_DEBUG": "1",  # not a way to turn DEBUG on any more
        }
    )
    assert production == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://shop.example"],
    }
    dev = _settings_in({"BAZAAR_DATA_DIR": str(tmp_path), "BAZAAR_ENV": "dev"})
    assert dev["DEBUG"] is True and dev["SESSION_COOKIE_SECURE"] in (None, False)


def test_behind_the_tls_proxy_the_oidc_redirect_uri_is_https(settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://op.example/authorize"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # production's
    response = Client(HTTP_HOST="127.0.0.1").get(
        "/oidc/authenticate/?next=/", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 302
    assert "redirect_uri=https%3A%2F%2F127.0.0.1%2Foidc%2Fcallback%2F" in response["Location"]
