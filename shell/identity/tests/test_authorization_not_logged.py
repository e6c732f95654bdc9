"""Credentials never reach a log: ninja's HttpBearer logs the whole ``Authorization`` header
when its scheme is not Bearer and DEBUG is on."""

import base64
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db(databases=["default", "wishlist"])

SECRET = "s3cret-password-4711"
BASIC = "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()


@pytest.fixture
def client(settings):
    settings.DEBUG = True  # where ninja logs the header
    return Client(HTTP_HOST="127.0.0.1")


@pytest.mark.parametrize(
    ("method", "path", "header"),
    [
        ("get", "/bff/wishlist/api/items", BASIC),
        ("get", "/bff/wishlist/api/items", f"Token {SECRET}"),
        ("post", "/api/registry/releases", BASIC),
        ("post", "/api/registry/releases", f"Token {SECRET}"),
    ],
)
def test_an_authorization_header_with_another_scheme_is_refused_and_not_logged(
    client, caplog, method, path, header
):
    caplog.set_level(logging.DEBUG)
    response = getattr(client, method)(
        path, {}, content_type="application/json", HTTP_AUTHORIZATION=header
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert SECRET not in logged
    assert header.split()[1] not in logged


def test_the_redaction_still_logs_that_an_unexpected_scheme_was_used(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(
        "/api/registry/releases", {}, content_type="application/json", HTTP_AUTHORIZATION=BASIC
    )
    assert "Unexpected auth scheme" in caplog.text
