"""The shell page for signed-out and signed-in users, and the readiness/metrics endpoints."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shell.registry import services
from shell.registry.bundles import bundle_from_data
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db

PROTECTED = manifest(
    "orders",
    auth={"required": True, "roles": ["shopper"]},
    mountPoints={
        "nav": [
            {"label": "Orders", "href": "/orders", "signedIn": True},
            {"label": "Admin", "href": "/admin-area", "roles": ["admin"]},
            {"label": "Help", "href": "/help"},
        ]
    },
)


@pytest.fixture
def deployed():
    services.release_deploy(bundles=[bundle_from_data(PROTECTED, files())], actor="test")


def signed_in_client(roles: list[str]) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    user = get_user_model().objects.create_user("oidc:1", first_name="Alice")
    client.force_login(user, backend="shell.identity.oidc.OIDCBackend")
    session = client.session
    session["bazaar_roles"] = roles
    session["oidc_id_token_expiration"] = time.time() + 3600
    session.save()
    return client


def test_a_protected_route_sends_a_signed_out_user_to_sign_in_and_back(deployed):
    response = Client(HTTP_HOST="127.0.0.1").get("/orders/17?tab=items")
    assert response.status_code == 302
    assert response["Location"] == "/oidc/authenticate/?next=/orders/17%3Ftab%3Ditems"


def test_a_signed_in_user_without_the_role_gets_403_on_the_same_page(deployed):
    response = signed_in_client(roles=[]).get("/orders")
    assert response.status_code == 403
    assert b'<script type="importmap" nonce=' in response.content


def test_a_signed_in_shopper_gets_the_page_with_their_name_and_a_sign_out(deployed):
    response = signed_in_client(roles=["shopper"]).get("/orders")
    assert response.status_code == 200
    assert b'data-testid="user-name">Alice<' in response.content
    assert b"Sign out" in response.content


@pytest.mark.parametrize(
    ("roles", "signed_in", "visible"),
    [
        (None, False, {"Help"}),
        (["shopper"], True, {"Help", "Orders"}),
        (["admin"], True, {"Help", "Orders", "Admin"}),
    ],
)
def test_nav_items_show_only_to_users_who_may_see_them(deployed, roles, signed_in, visible):
    client = signed_in_client(roles) if signed_in else Client(HTTP_HOST="127.0.0.1")
    html = client.get("/help").content.decode()
    shown = {label for label in ("Orders", "Admin", "Help") if f">{label}</a>" in html}
    assert shown == visible


def test_link_items_of_the_header_and_footer_are_rendered_too():
    app = manifest(
        "help",
        mountPoints={
            "header-right": [{"label": "Help centre", "href": "/help"}],
            "footer": [
                {"label": "Returns", "href": "/help/returns"},
                {"label": "My account", "href": "/account", "signedIn": True},
            ],
        },
    )
    services.release_deploy(bundles=[bundle_from_data(app, files())], actor="test")
    html = Client(HTTP_HOST="127.0.0.1").get("/help").content.decode()
    header = html.split('data-mount-point="header-right"', 1)[1].split("</div>", 1)[0]
    footer = html.split('data-mount-point="footer"', 1)[1].split("</nav>", 1)[0]
    assert '<a class="header-link" href="/help" data-client-link>Help centre</a>' in header
    assert '<a href="/help/returns" data-client-link>Returns</a>' in footer
    assert "My account" not in footer  # signed-in users only


def test_an_expired_session_refreshes_silently_at_the_provider(deployed, settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://op.example/authorize"
    client = signed_in_client(roles=["shopper"])
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()
    response = client.get("/orders")
    assert response.status_code == 302
    assert response["Location"].startswith("https://op.example/authorize?")
    assert "prompt=none" in response["Location"] and "code_challenge=" in response["Location"]


def test_an_unreachable_provider_does_not_break_the_page(deployed, monkeypatch):
    from bazaar import auth

    monkeypatch.setattr(
        auth.DISCOVERY, "url", "http://127.0.0.1:9/.well-known/openid-configuration"
    )
    monkeypatch.setattr(auth.DISCOVERY, "_document", None)
    client = signed_in_client(roles=["shopper"])
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()
    assert client.get("/orders").status_code == 200


def test_the_token_endpoint_refuses_a_signed_out_visitor():
    response = Client(HTTP_HOST="127.0.0.1").get("/oidc/token/")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.django_db(databases="__all__")
def test_healthz_reports_every_datastore():
    body = Client(HTTP_HOST="127.0.0.1").get("/healthz").json()
    assert body["status"] == "ok"
    assert {"default", "catalog", "wishlist"} <= set(body["databases"])


@pytest.mark.django_db(databases="__all__")
def test_metrics_count_requests_by_area():
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    assert 'bazaar_http_requests_total{area="healthz",method="GET",status="200"}' in text
