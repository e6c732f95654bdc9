"""A sign-in asks the provider for the scope the BFFs require, whatever else is configured:
without it the shop's access token would be refused by every BFF."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def requested_scopes(settings) -> list[str]:
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://op.example/authorize"
    response = Client(HTTP_HOST="127.0.0.1").get("/oidc/authenticate/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.netloc == "op.example"
    return parse_qs(location.query)["scope"][0].split()


def test_a_sign_in_asks_for_the_configured_scopes(settings):
    settings.OIDC_RP_SCOPES = "openid profile email bazaar"
    assert requested_scopes(settings) == ["openid", "profile", "email", "bazaar"]


def test_a_sign_in_always_asks_for_the_bffs_scope(settings):
    settings.OIDC_RP_SCOPES = "openid email"
    assert requested_scopes(settings) == ["openid", "email", "bazaar"]


def test_the_bffs_scope_follows_configuration(settings):
    settings.OIDC_RP_SCOPES = "openid"
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "API_SCOPE": "shop.api"}
    assert requested_scopes(settings) == ["openid", "shop.api"]
