"""The dev OpenID provider (idp/), run as ``make dev`` runs it, signed in to over real HTTP:
PKCE needs S256, the shop's audience is only in tokens whose scope asks for it, and a BFF
refuses every token that is not for it."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import subprocess
import sys
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from django.test import Client

from tests.live import (
    ROOT,
    LiveServer,
    _serve,
    free_port,
    signed_in_at_provider,
    submit_provider_form,
)

SHOP = "http://127.0.0.1:8000"
REDIRECT_URI = f"{SHOP}/oidc/callback/"
CLIENT = {"client_id": "bazaar-shell", "client_secret": "bazaar-shell-dev-secret"}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The dev provider alone (migrated, seeded, served by daphne) on a free port."""
    data_dir = tmp_path_factory.mktemp("idp")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "BAZAAR_ENV": "dev",
        "DJANGO_SETTINGS_MODULE": "idp.settings",
        "BAZAAR_IDP_DATA_DIR": str(data_dir),
        "IDP_ISSUER": f"{url}/o",
        "IDP_SHELL_URLS": SHOP,
    }
    server = LiveServer(url=url, idp_url=url, env=env, data_dir=data_dir)
    for command in (["migrate", "--verbosity", "0"], ["seed_idp"]):
        result = server.manage(*command, settings="idp.settings")
        assert result.returncode == 0, result.stdout + result.stderr
    _serve(server, "idp", "idp.asgi:application", port, env)
    yield server
    server.stop()


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(provider, *, scope: str, method: str | None = "S256", user="alice") -> dict:
    """Sign ``user`` in at the provider and ask for a code; the redirect's query parameters
    (``code`` or ``error``) and the PKCE verifier."""
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": CLIENT["client_id"],
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": "state-1",
        "nonce": "nonce-1",
        "code_challenge": verifier if method in (None, "plain") else _challenge(verifier),
    }
    if method:
        params["code_challenge_method"] = method
    browser = requests.Session()
    authorize_url = f"{provider.url}/o/authorize/?{urlencode(params)}"
    login = browser.get(authorize_url, timeout=10)  # follows the redirect to the login page
    assert login.status_code == 200
    response = submit_provider_form(browser, login, user, allow_redirects=False)
    assert response.status_code == 302, response.text
    response = browser.get(provider.url + response.headers["Location"], allow_redirects=False)
    while response.status_code == 302 and not response.headers["Location"].startswith(SHOP):
        response = browser.get(response.headers["Location"], allow_redirects=False, timeout=10)
    if response.status_code != 302:
        return {"status": response.status_code, "body": response.text, "verifier": verifier}
    query = parse_qs(urlparse(response.headers["Location"]).query)
    return {key: values[0] for key, values in query.items()} | {"verifier": verifier}


def access_token(provider, *, scope: str) -> str:
    granted = authorize(provider, scope=scope)
    response = requests.post(
        f"{provider.url}/o/token/",
        data={
            "grant_type": "authorization_code",
            "code": granted["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": granted["verifier"],
            **CLIENT,
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def verified_claims(provider, token: str) -> dict:
    """The token's claims, its signature checked against the provider's published keys."""
    discovery = requests.get(f"{provider.url}/o/.well-known/openid-configuration", timeout=10)
    keys = jwt.PyJWKClient(discovery.json()["jwks_uri"])
    return jwt.decode(
        token,
        keys.get_signing_key_from_jwt(token).key,
        algorithms=["RS256"],
        options={"verify_aud": False},
    )


def test_discovery_offers_only_the_s256_challenge(provider):
    document = requests.get(f"{provider.url}/o/.well-known/openid-configuration", timeout=10)
    assert document.json()["code_challenge_methods_supported"] == ["S256"]


@pytest.mark.parametrize("method", ["plain", None], ids=["plain", "no method (means plain)"])
def test_a_plain_pkce_challenge_gets_no_code(provider, method):
    answer = authorize(provider, scope="openid bazaar", method=method)
    assert "code" not in answer
    assert answer["error"] == "invalid_request"
    assert 'use "S256"' in answer["error_description"]


def test_an_s256_challenge_gets_a_code(provider):
    assert authorize(provider, scope="openid bazaar")["code"]


def test_only_a_token_whose_scope_asks_for_the_shop_carries_its_audience(provider):
    shop = verified_claims(provider, access_token(provider, scope="openid profile bazaar"))
    assert shop["aud"] == "bazaar"
    assert shop["scope"].split() == ["openid", "profile", "bazaar"]
    sign_in_only = verified_claims(provider, access_token(provider, scope="openid"))
    assert sign_in_only["aud"] == "bazaar-shell"
    assert sign_in_only["scope"] == "openid"


@pytest.mark.django_db(databases=["default", "wishlist"])
def test_the_wish_list_takes_a_shop_token_and_refuses_a_sign_in_only_token(
    provider, settings, monkeypatch
):
    from bazaar import auth

    settings.BAZAAR_OIDC = {
        **settings.BAZAAR_OIDC,
        "ISSUER": f"{provider.url}/o",
        "JWKS_URL": f"{provider.url}/o/.well-known/jwks.json",
    }
    monkeypatch.setattr(auth, "JWKS", auth.JwksCache(lambda deadline: ""))
    monkeypatch.setattr(
        auth.JWKS,
        "fetch",
        lambda deadline: requests.get(settings.BAZAAR_OIDC["JWKS_URL"], timeout=10).json(),
    )
    client = Client(HTTP_HOST="127.0.0.1")

    shop_token = access_token(provider, scope="openid profile email bazaar")
    response = client.get("/bff/wishlist/api/items", HTTP_AUTHORIZATION=f"Bearer {shop_token}")
    assert response.status_code == 200, response.content

    sign_in_only = access_token(provider, scope="openid")
    response = client.get("/bff/wishlist/api/items", HTTP_AUTHORIZATION=f"Bearer {sign_in_only}")
    assert response.status_code == 401
    assert response.json()["detail"] == "the token is for another audience"


@pytest.mark.parametrize(("env", "debug"), [({}, "False"), ({"BAZAAR_ENV": "dev"}, "True")])
def test_the_providers_debug_follows_bazaar_env(tmp_path, env, debug):
    clean = {k: v for k, v in os.environ.items() if k not in ("BAZAAR_ENV", "DJANGO_DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", "import idp.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={**clean, **env, "BAZAAR_IDP_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == debug, result.stderr


def _silent_authorize(browser: requests.Session, provider) -> dict:
    """Ask for a code with ``prompt=none`` (OpenID Connect Core 3.1.2.1); the parameters of
    the one redirect back to the shop (the provider must never show a page)."""
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": CLIENT["client_id"],
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile bazaar",
        "state": "silent-1",
        "nonce": "nonce-2",
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
        "prompt": "none",
    }
    response = browser.get(
        f"{provider.url}/o/authorize/?{urlencode(params)}", allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"].startswith(REDIRECT_URI)
    query = parse_qs(urlparse(response.headers["Location"]).query)
    return {key: values[0] for key, values in query.items()}


def _signed_in_at_provider(provider, user: str = "alice") -> requests.Session:
    return signed_in_at_provider(provider.url, user)


def test_silent_authentication_with_a_live_provider_session_answers_a_code(provider):
    answer = _silent_authorize(_signed_in_at_provider(provider), provider)
    assert answer["state"] == "silent-1"
    assert answer.get("code") and "error" not in answer


def test_silent_authentication_without_a_provider_session_answers_login_required(provider):
    answer = _silent_authorize(requests.Session(), provider)
    assert answer == {"error": "login_required", "state": "silent-1"}


def test_a_header_cannot_pretend_to_be_a_signed_in_user(provider):
    browser = requests.Session()
    browser.headers["BAZAAR-IDP-SIGNED-IN-USER"] = "1"
    browser.headers["BAZAAR_IDP_SIGNED_IN_USER"] = "1"
    assert _silent_authorize(browser, provider)["error"] == "login_required"
