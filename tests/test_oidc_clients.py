"""Only the shop's own clients may use the BFFs (security review, issue 21, item 5).

Against the real dev provider and the real shop (daphne, every BFF), over HTTP:

* the provider mounts only the OAuth / OpenID Connect endpoints the shop uses: its client
  management pages (register, list, detail, update, delete, authorized tokens), dynamic
  registration, device flow and introspection answer 404, so a signed-in user cannot register
  a client of their own;
* a token the provider minted for another client (one an operator registered in its
  database) is refused by every BFF with a 401 naming that client, while the shell's own
  token passes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests

from bazaar.discovery import discover_bffs
from tests.live import ROOT, LiveServer, signed_in_at_provider

ROGUE_CLIENT = "someone-elses-app"
ROGUE_SECRET = "someone-elses-secret"
ROGUE_REDIRECT = "http://127.0.0.1:9/rogue/callback"

# What django-oauth-toolkit's own urls.py mounts besides the endpoints the shop needs.
NOT_MOUNTED = [
    "/o/applications/",
    "/o/applications/register/",
    "/o/applications/1/",
    "/o/applications/1/update/",
    "/o/applications/1/delete/",
    "/o/authorized_tokens/",
    "/o/authorized_tokens/1/delete/",
    "/o/register/",  # dynamic client registration
    "/o/device-authorization/",
    "/o/device/",
    "/o/introspect/",
]


def provider_shell(server: LiveServer, code: str) -> str:
    """Run ``code`` in the provider's ``manage.py shell`` (its own settings and database)."""
    result = server.manage("shell", "--no-imports", "-c", code, settings="idp.settings")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def signed_in_at(server: LiveServer, user: str = "alice") -> requests.Session:
    """A browser-like session signed in at the provider's own sign-in form."""
    return signed_in_at_provider(server.idp_url, user)


def applications(server: LiveServer) -> list[str]:
    return json.loads(
        provider_shell(
            server,
            "import json; from oauth2_provider.models import Application; "
            "print(json.dumps(sorted(Application.objects.values_list('client_id', flat=True))))",
        )
    )


@pytest.mark.parametrize("path", NOT_MOUNTED)
def test_the_providers_management_pages_are_not_served(bazaar, path):
    browser = signed_in_at(bazaar)
    answer = browser.get(bazaar.idp_url + path, allow_redirects=False, timeout=10)
    assert answer.status_code == 404, (path, answer.status_code)


def test_a_signed_in_user_cannot_register_a_client(bazaar):
    before = applications(bazaar)
    browser = signed_in_at(bazaar)
    register = f"{bazaar.idp_url}/o/applications/register/"
    assert browser.get(register, allow_redirects=False, timeout=10).status_code == 404
    answer = browser.post(
        register,
        data={
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
            "name": "mine",
            "client_id": "my-own-client",
            "client_secret": "my-own-secret",
            "client_type": "confidential",
            "authorization_grant_type": "authorization-code",
            "redirect_uris": ROGUE_REDIRECT,
            "post_logout_redirect_uris": "",
            "allowed_origins": "",
            "algorithm": "RS256",
        },
        headers={"Referer": register},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 404, answer.status_code
    assert applications(bazaar) == before


def test_the_endpoints_the_shop_uses_are_all_served(bazaar):
    document = requests.get(
        f"{bazaar.idp_url}/o/.well-known/openid-configuration", timeout=10
    ).json()
    for key in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        answer = requests.get(document[key], allow_redirects=False, timeout=10)
        assert answer.status_code != 404, (key, document[key])
    # Revocation (RFC 7009) is mounted too: a client may revoke its refresh token.
    revoke = requests.post(f"{bazaar.idp_url}/o/revoke_token/", data={}, timeout=10)
    assert revoke.status_code != 404


@pytest.fixture(scope="module")
def rogue_token(live_server_process) -> str:
    """An access token of alice that the provider minted for another client: one an operator
    registered in the provider's database, asking for the shop's API scope."""
    bazaar = live_server_process
    provider_shell(
        bazaar,
        "from oauth2_provider.models import Application as A\n"
        f"A.objects.filter(client_id={ROGUE_CLIENT!r}).delete()\n"
        f"A.objects.create(client_id={ROGUE_CLIENT!r}, client_secret={ROGUE_SECRET!r},"
        " name='Someone else', client_type=A.CLIENT_CONFIDENTIAL,"
        " authorization_grant_type=A.GRANT_AUTHORIZATION_CODE,"
        f" redirect_uris={ROGUE_REDIRECT!r}, algorithm=A.RS256_ALGORITHM,"
        " skip_authorization=True)",
    )
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    browser = signed_in_at(bazaar, "admin")
    params = {
        "response_type": "code",
        "client_id": ROGUE_CLIENT,
        "redirect_uri": ROGUE_REDIRECT,
        "scope": "openid profile bazaar",
        "state": "rogue",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    answer = browser.get(
        f"{bazaar.idp_url}/o/authorize/?{urlencode(params)}", allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text[:500]
    assert answer.headers["Location"].startswith(ROGUE_REDIRECT), answer.headers["Location"]
    code = parse_qs(urlparse(answer.headers["Location"]).query)["code"][0]
    answer = requests.post(
        f"{bazaar.idp_url}/o/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": ROGUE_REDIRECT,
            "code_verifier": verifier,
            "client_id": ROGUE_CLIENT,
            "client_secret": ROGUE_SECRET,
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def secured_operations(server: LiveServer) -> dict[str, tuple[str, str]]:
    """One operation behind the JWT authorizer per BFF (found as the shop finds its BFFs),
    preferring a query without parameters: name -> (method, URL)."""
    found = {}
    for bff in discover_bffs(ROOT / "bffs"):
        document = requests.get(f"{server.url}/bff/{bff}/api/openapi.json", timeout=10).json()
        candidates = []
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if not operation.get("security"):
                    continue
                required = [p for p in operation.get("parameters", []) if p.get("required")]
                simple = method == "get" and not required and "requestBody" not in operation
                url = server.url + re.sub(r"\{[^}]+\}", "no-such-thing", path)
                candidates.append((not simple, method, url))
        assert candidates, f"{bff} has no operation behind the JWT authorizer"
        _, method, url = sorted(candidates)[0]
        found[bff] = (method, url)
    return found


def call(method: str, url: str, token: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"}
    return requests.request(method, url, headers=headers, json={}, timeout=10)


def test_every_bff_refuses_a_token_of_another_client_naming_it(bazaar, rogue_token):
    for bff, (method, url) in secured_operations(bazaar).items():
        answer = call(method, url, rogue_token)
        assert answer.status_code == 401, (bff, method, url, answer.status_code, answer.text)
        body = answer.json()
        assert body["code"] == "unauthorized", (bff, body)
        assert ROGUE_CLIENT in body["detail"], (bff, body)


def test_every_bff_takes_the_shells_own_token(bazaar):
    token = bazaar.access_token("admin")
    for bff, (method, url) in secured_operations(bazaar).items():
        answer = call(method, url, token)
        assert answer.status_code not in (401, 403), (bff, method, url, answer.text)
        if method == "get" and "no-such-thing" not in url:
            assert answer.status_code == 200, (bff, url, answer.text)
