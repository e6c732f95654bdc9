"""Security in depth on a BFF: every bad token is refused with the right status and a clear
JSON error; a valid one succeeds; and no user can see or change another user's data."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

pytestmark = pytest.mark.django_db(databases=["default", "wishlist"])

API = "/bff/wishlist/api"
ITEM = {}  # a save sends no product data: the wish list knows it from the catalog's events


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def catalog_copy(db):
    from bffs.wishlist.listener import listener
    from contracts.testing import product_updated
    from eventhub.testing import deliver

    deliver(listener, product_updated("kitchen-kettle-01", name="Copper Kettle"))


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _alg_none(issuer) -> str:
    return f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': issuer.kid})}.{_b64(issuer.claims())}."


def _hs256_with_public_key(issuer) -> str:
    public_pem = (
        issuer.keys[issuer.kid]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": issuer.kid}
    signing_input = f"{_b64(header)}.{_b64(issuer.claims())}".encode()
    import hashlib
    import hmac

    signature = hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    return signing_input.decode() + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


def _foreign_key_token(issuer) -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return issuer.token(key=stranger)


BAD_TOKENS = [
    ("no token", lambda i: None, 401, "needs a bearer token"),
    ("not a JWT", lambda i: "hello", 401, "not a JWT"),
    ("expired", lambda i: i.token(exp=1_000_000, iat=999_000, nbf=999_000), 401, "expired"),
    ("not yet valid", lambda i: i.token(nbf=4_000_000_000), 401, "not valid yet"),
    ("another audience", lambda i: i.token(aud="someone-else"), 401, "another audience"),
    ("another issuer", lambda i: i.token(iss="https://evil.example/o"), 401, "another issuer"),
    ("bad signature", _foreign_key_token, 401, "signature is invalid"),
    ("alg none", _alg_none, 401, "'none' is not accepted"),
    ("HS256 signed with the public key", _hs256_with_public_key, 401, "'HS256' is not accepted"),
    ("unknown kid", lambda i: i.token(kid="nobody", key=i.keys[i.kid]), 401, "unknown key"),
    ("missing exp", lambda i: i.token(exp=None), 401, "invalid"),
    ("valid token lacking the role", lambda i: i.token(roles=()), 403, "role 'shopper'"),
    (
        "token asked for with scope=openid alone",
        lambda i: i.token(scope="openid"),
        403,
        "scope 'bazaar'",
    ),
    ("token with no scope at all", lambda i: i.token(scope=None), 403, "scope 'bazaar'"),
    ("Basic credentials", lambda i: None, 401, "must be 'Bearer <token>'"),
]


@pytest.mark.parametrize(
    ("case", "make_token", "status", "message"), BAD_TOKENS, ids=[case for case, *_ in BAD_TOKENS]
)
def test_a_bad_token_is_refused_with_a_clear_json_error(
    client, issuer, case, make_token, status, message
):
    token = make_token(issuer)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if case == "Basic credentials":
        headers = {"HTTP_AUTHORIZATION": "Basic YWxpY2U6czNjcmV0"}
    response = client.get(f"{API}/items", **headers)
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == ("unauthorized" if status == 401 else "forbidden")
    assert message in body["detail"]


def test_a_valid_token_succeeds(client, issuer):
    response = client.get(f"{API}/items", **issuer.bearer())
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_a_rotated_signing_key_is_fetched_on_first_sight(client, issuer):
    client.get(f"{API}/items", **issuer.bearer())  # caches the first key set
    issuer.rotate()
    from bazaar import auth

    auth.JWKS._attempted_at -= auth.JWKS_MIN_REFETCH + 1  # the refetch guard has passed
    assert client.get(f"{API}/items", **issuer.bearer()).status_code == 200


def test_an_admin_only_operation_needs_the_admin_role(client, issuer):
    assert client.get(f"{API}/stats", **issuer.bearer(roles=("shopper",))).status_code == 403
    response = client.get(f"{API}/stats", **issuer.bearer(sub="root", roles=("admin",)))
    assert response.status_code == 200
    assert response.json() == {"shoppers": 0, "items": 0}


def test_two_users_cannot_see_or_change_each_others_items(client, issuer):
    alice, bob = issuer.bearer("alice"), issuer.bearer("bob")
    assert (
        client.put(
            f"{API}/items/kitchen-kettle-01", ITEM, content_type="application/json", **alice
        ).status_code
        == 201
    )

    assert client.get(f"{API}/items", **bob).json()["count"] == 0
    assert client.get(f"{API}/items/kitchen-kettle-01", **bob).status_code == 404
    assert client.delete(f"{API}/items/kitchen-kettle-01", **bob).status_code == 404
    # Bob saving the same product makes his own item; removing it leaves Alice's untouched.
    client.put(f"{API}/items/kitchen-kettle-01", ITEM, content_type="application/json", **bob)
    assert client.delete(f"{API}/items/kitchen-kettle-01", **bob).status_code == 204

    mine = client.get(f"{API}/items", **alice).json()
    assert [i["name"] for i in mine["items"]] == ["Copper Kettle"]
    assert client.get(f"{API}/items/kitchen-kettle-01", **bob).status_code == 404


def test_writes_record_who_made_them(client, issuer):
    from bffs.wishlist.models import WishlistItem

    client.put(
        f"{API}/items/kitchen-kettle-01",
        ITEM,
        content_type="application/json",
        **issuer.bearer("alice"),
    )
    item = WishlistItem.objects.get()
    assert item.owner == item.last_modified_by == "alice"
    assert item.timestamp > 0


def test_saving_and_removing_are_safe_to_replay(client, issuer):
    alice = issuer.bearer("alice")
    url = f"{API}/items/kitchen-kettle-01"
    assert client.put(url, ITEM, content_type="application/json", **alice).status_code == 201
    assert client.put(url, ITEM, content_type="application/json", **alice).status_code == 200
    assert client.delete(url, **alice).status_code == 204
    assert client.delete(url, **alice).status_code == 204
    assert client.get(f"{API}/items", **alice).json()["count"] == 0


def test_a_bad_product_id_is_a_422_naming_the_field(client, issuer):
    response = client.put(f"{API}/items/Not%20An%20Id", **issuer.bearer())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["product_id"]


def test_a_product_the_catalog_never_announced_cannot_be_saved(client, issuer):
    response = client.put(f"{API}/items/kitchen-unknown-99", **issuer.bearer())
    assert response.status_code == 404
    assert "not in the catalog" in response.json()["detail"]


def test_name_price_and_image_come_from_the_catalog_not_the_browser(client, issuer):
    from bffs.wishlist.listener import listener
    from contracts.testing import product_updated
    from eventhub.testing import deliver

    alice = issuer.bearer("alice")
    forged = {"name": "Free Kettle", "price_display": "$0.00", "image_url": "https://evil.test/x"}
    client.put(f"{API}/items/kitchen-kettle-01", forged, content_type="application/json", **alice)
    deliver(listener, product_updated("kitchen-kettle-01", name="Copper Kettle", price_cents=4599))
    [item] = client.get(f"{API}/items", **alice).json()["items"]
    assert (item["name"], item["price_display"]) == ("Copper Kettle", "$45.99")
    assert item["image_url"] == "/bff/catalog/api/products/kitchen-kettle-01/image.svg"


def _es256_with_an_rsa_kid(issuer) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec

    return issuer.token(key=ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")


def test_an_allowed_algorithm_that_does_not_fit_the_key_is_refused(client, issuer):
    token = _es256_with_an_rsa_kid(issuer)
    response = client.get(f"{API}/items", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert "does not match its key" in response.json()["detail"]


def test_roles_come_from_the_configured_claim(client, issuer, settings):
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "ROLES_CLAIM": "groups"}
    assert client.get(f"{API}/items", **issuer.bearer(roles=())).status_code == 403
    token = issuer.token(roles=(), groups=["shopper"])
    assert client.get(f"{API}/items", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_scope_claim_given_as_a_list_is_understood(client, issuer):
    token = issuer.token(scope=["openid", "bazaar"])
    assert client.get(f"{API}/items", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_provider_outage_keeps_the_known_keys(client, issuer, monkeypatch):
    import requests

    from bazaar import auth

    assert client.get(f"{API}/items", **issuer.bearer()).status_code == 200

    def unreachable(deadline):
        raise requests.ConnectionError("provider down")

    monkeypatch.setattr(auth.JWKS, "fetch", unreachable)
    auth.JWKS._fetched_at -= auth.JWKS_TTL + 1  # the cache is due for a refresh
    auth.JWKS._attempted_at -= auth.JWKS_TTL + 1
    assert client.get(f"{API}/items", **issuer.bearer()).status_code == 200


def test_the_required_scope_follows_configuration(client, issuer, settings):
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "API_SCOPE": "shop.api"}
    response = client.get(f"{API}/items", **issuer.bearer())  # scope: openid profile email bazaar
    assert response.status_code == 403
    assert response.json()["detail"] == "this operation needs the scope 'shop.api'"
    assert client.get(f"{API}/items", **issuer.bearer(scope="openid shop.api")).status_code == 200


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/items", "get", {"200", "304", "401", "403"}),
        ("/items/{product_id}", "get", {"200", "401", "403", "404", "422"}),
        ("/items/{product_id}", "delete", {"204", "401", "403", "404", "422"}),
        ("/stats", "get", {"200", "401", "403"}),
    ],
)
def test_every_operation_declares_the_refusals_it_answers(client, path, method, statuses):
    document = client.get(f"{API}/openapi.json").json()
    assert set(document["paths"][f"{API}{path}"][method]["responses"]) == statuses
    scheme = document["components"]["securitySchemes"]["JWTAuth"]
    assert scheme["scheme"] == "bearer" and "scope" in scheme["description"]
