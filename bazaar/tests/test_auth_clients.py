"""The shared JWT authorizer takes only tokens issued to the shop's own clients (``azp``, or
RFC 9068's ``client_id``, in ``BAZAAR_OIDC["ALLOWED_CLIENTS"]``), and refuses any other in the
APIs' one error shape, naming the client. Signed with a real key, checked by the real
authorizer (only the JWKS fetch is replaced: see ``bazaar.testing``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ninja.testing import TestClient

from bazaar.api import create_api
from bazaar.auth import JWTAuth

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def api_client() -> TestClient:
    api = create_api(namespace="test-auth-clients", title="Clients test")

    @api.get("/me", auth=JWTAuth())
    def me(request):
        return {"sub": request.auth.sub}

    return TestClient(api)


def call(api_client, token: str):
    return api_client.get("/me", headers={"Authorization": f"Bearer {token}"})


def test_the_shells_token_is_taken(api_client, issuer):
    answer = call(api_client, issuer.token(azp="bazaar-shell"))
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"sub": "alice"}


def test_a_token_of_another_client_is_refused_naming_it(api_client, issuer):
    answer = call(api_client, issuer.token(azp="someone-elses-app"))
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Bearer"
    assert answer.json() == {
        "detail": "the token was issued to the client 'someone-elses-app', "
        "which may not use this API",
        "code": "unauthorized",
    }


def test_a_token_that_names_no_client_is_refused(api_client, issuer):
    answer = call(api_client, issuer.token(azp=None))
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert "names no client (azp)" in answer.json()["detail"]


def test_an_rfc_9068_client_id_claim_is_understood(api_client, issuer):
    assert call(api_client, issuer.token(azp=None, client_id="bazaar-shell")).status_code == 200
    refused = call(api_client, issuer.token(azp=None, client_id="someone-elses-app"))
    assert refused.status_code == 401
    assert "'someone-elses-app'" in refused.json()["detail"]


def test_both_claims_must_name_an_allowed_client(api_client, issuer):
    answer = call(api_client, issuer.token(azp="bazaar-shell", client_id="someone-elses-app"))
    assert answer.status_code == 401
    assert "'someone-elses-app'" in answer.json()["detail"]


def test_a_client_claim_that_is_not_a_string_is_refused(api_client, issuer):
    answer = call(api_client, issuer.token(azp=["bazaar-shell"]))
    assert answer.status_code == 401
    assert "not a string" in answer.json()["detail"]


def test_the_allowed_clients_follow_configuration(api_client, issuer, settings):
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "ALLOWED_CLIENTS": ["bazaar-shell", "kiosk"]}
    assert call(api_client, issuer.token(azp="kiosk")).status_code == 200
    assert call(api_client, issuer.token(azp="bazaar-shell")).status_code == 200
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "ALLOWED_CLIENTS": ["kiosk"]}
    refused = call(api_client, issuer.token(azp="bazaar-shell"))
    assert refused.status_code == 401
    assert "'bazaar-shell'" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("env", "allowed"),
    [
        ({}, ["bazaar-shell"]),
        ({"BAZAAR_OIDC_CLIENT_ID": "my-shop"}, ["my-shop"]),
        ({"BAZAAR_OIDC_ALLOWED_CLIENTS": " my-shop, kiosk ,"}, ["my-shop", "kiosk"]),
        (
            {"BAZAAR_OIDC_CLIENT_ID": "my-shop", "BAZAAR_OIDC_ALLOWED_CLIENTS": "kiosk"},
            ["kiosk"],
        ),
    ],
    ids=["default", "the shell's client id", "a list", "the list wins"],
)
def test_the_setting_defaults_to_the_shells_client_id(tmp_path, env, allowed):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("BAZAAR_OIDC_CLIENT_ID", "BAZAAR_OIDC_ALLOWED_CLIENTS")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bazaar.settings_base import BAZAAR_OIDC; print(BAZAAR_OIDC['ALLOWED_CLIENTS'])",
        ],
        cwd=ROOT,
        env={**clean, "BAZAAR_ENV": "dev", "BAZAAR_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == repr(allowed), result.stderr
