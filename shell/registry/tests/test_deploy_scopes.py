"""Deploy tokens limited to the apps they deploy (issue 21, item 6), through the real registry
and import-map-deployer APIs: a token scoped to ``@bazaar/reviews`` deploys, rolls back,
restores and removes what touches that app only; anything touching another app is a 403 naming
it, changes nothing, and is in the audit (``GET /api/registry/refusals``). A ``*`` token may
do all of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from shell.registry.models import App, Release, Revision
from shell.registry.selectors import revision_summary
from shell.testing.factories import ENTRY_JS, manifest

pytestmark = pytest.mark.django_db

CI, TEAM = "token-of-ci", "token-of-reviews-team"
REVIEWS, CART = "@bazaar/reviews", "@bazaar/cart"
MODULE = b"export async function bootstrap() {}\nexport async function mount() {}\n" + (
    b"export async function unmount() {}\n"
)


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def tokens(settings, cdn):
    settings.DEPLOY_TOKENS = {"ci": CI, "reviews-team": TEAM}
    settings.DEPLOY_TOKEN_SCOPES = {"ci": frozenset({"*"}), "reviews-team": frozenset({REVIEWS})}
    settings.BAZAAR_SCRIPT_ORIGINS = [cdn.origin]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def release(client, token, *bundles, canary=None, retire=()):
    body = {
        "manifests": [
            {"manifest": manifest(slug, version), "files": {"src/main.js": entry}}
            for slug, version, entry in bundles
        ]
    }
    if canary is not None:
        body["canary"] = canary
    if retire:
        body["retire"] = list(retire)
    return client.post(
        "/api/registry/releases", body, content_type="application/json", **bearer(token)
    )


def patch_service(client, token, service, url):
    return client.patch(
        "/services",
        {"service": service, "url": url},
        content_type="application/json",
        **bearer(token),
    )


def v(n: int) -> str:
    """Each version its own bytes (a published version is immutable)."""
    return ENTRY_JS.decode() + f"// {n}\n"


@pytest.fixture
def seeded(client):
    """rev 1: cart 1.0.0 + reviews 1.0.0; rev 2: cart 1.0.1; rev 3: cart 1.0.2 to 10% (a
    canary); rev 4: reviews 1.0.1. All by ``ci``."""
    for bundles, canary in [
        ([("cart", "1.0.0", v(0)), ("reviews", "1.0.0", v(0))], None),
        ([("cart", "1.0.1", v(1))], None),
        ([("cart", "1.0.2", v(2))], 10),
        ([("reviews", "1.0.1", v(1))], None),
    ]:
        response = release(client, CI, *bundles, canary=canary)
        assert response.status_code == 201, response.content
    assert Revision.objects.count() == 4


# What a request does, given a client, a token and the CDN.
OWN_APP = {
    "deploy its own app": lambda c, t, cdn: release(c, t, ("reviews", "1.0.2", v(2))),
    "start a canary of its own app": lambda c, t, cdn: release(
        c, t, ("reviews", "1.0.2", v(2)), canary=20
    ),
    "roll back its own app": lambda c, t, cdn: c.post(
        "/api/registry/apps/reviews/rollback", **bearer(t)
    ),
    "restore a revision that changes its app only": lambda c, t, cdn: c.post(
        "/api/registry/revisions/3/restore", **bearer(t)
    ),
    "remove its own app": lambda c, t, cdn: c.delete("/api/registry/apps/reviews", **bearer(t)),
    "PATCH /services its own app": lambda c, t, cdn: patch_service(
        c, t, REVIEWS, cdn.serve("/reviews/2.0.0/main.js", MODULE)
    ),
    "DELETE /services its own app": lambda c, t, cdn: c.delete(f"/services/{REVIEWS}", **bearer(t)),
}

# ... and which apps the reviews team may not touch in it.
OTHER_APPS = {
    "deploy another app": (
        lambda c, t, cdn: release(c, t, ("cart", "1.0.3", v(3))),
        [CART],
    ),
    "redeploy another app's live version": (
        lambda c, t, cdn: release(c, t, ("cart", "1.0.1", v(1))),
        [CART],
    ),
    "a release of its own app and another": (
        lambda c, t, cdn: release(c, t, ("reviews", "1.0.2", v(2)), ("cart", "1.0.3", v(3))),
        [CART],
    ),
    "a release of a new app": (
        lambda c, t, cdn: release(c, t, ("ratings", "1.0.0", v(0))),
        ["@bazaar/ratings"],
    ),
    "a release of its own app that retires another": (
        lambda c, t, cdn: release(c, t, ("reviews", "1.0.2", v(2)), retire=[CART]),
        [CART],
    ),
    "start a canary of another app": (
        lambda c, t, cdn: release(c, t, ("cart", "1.0.3", v(3)), canary=20),
        [CART],
    ),
    "promote another app's canary": (
        lambda c, t, cdn: c.post("/api/registry/apps/cart/canary/promote", **bearer(t)),
        [CART],
    ),
    "abort another app's canary": (
        lambda c, t, cdn: c.delete("/api/registry/apps/cart/canary", **bearer(t)),
        [CART],
    ),
    "roll back another app": (
        lambda c, t, cdn: c.post("/api/registry/apps/cart/rollback", **bearer(t)),
        [CART],
    ),
    "remove another app": (
        lambda c, t, cdn: c.delete("/api/registry/apps/cart", **bearer(t)),
        [CART],
    ),
    "restore a revision that changes another app": (
        lambda c, t, cdn: c.post("/api/registry/revisions/1/restore", **bearer(t)),
        [CART],
    ),
    "PATCH /services another app": (
        lambda c, t, cdn: patch_service(c, t, CART, cdn.serve("/cart/9.0.0/main.js", MODULE)),
        [CART],
    ),
    "PATCH /import-map.json its own app and another": (
        lambda c, t, cdn: c.patch(
            "/import-map.json",
            {
                "imports": {
                    REVIEWS: cdn.serve("/reviews/3.0.0/main.js", MODULE),
                    CART: cdn.serve("/cart/9.1.0/main.js", MODULE),
                }
            },
            content_type="application/json",
            **bearer(t),
        ),
        [CART],
    ),
    "PATCH /services a new service": (
        lambda c, t, cdn: patch_service(
            c, t, "@acme/utils", cdn.serve("/utils/1.0.0/utils.js", b"export {};\n")
        ),
        ["@acme/utils"],
    ),
    "DELETE /services another app": (
        lambda c, t, cdn: c.delete(f"/services/{CART}", **bearer(t)),
        [CART],
    ),
}


def registry(settings) -> tuple:
    """Everything a refused request must leave as it was."""
    root = Path(settings.PUBLISH_ROOT)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) if root.exists() else []
    return (
        [revision_summary(r) for r in Revision.objects.order_by("number")],
        sorted(str(r) for r in Release.objects.all()),
        sorted(App.objects.values_list("name", flat=True)),
        files,
    )


@pytest.mark.parametrize("case", OWN_APP)
def test_a_scoped_token_does_what_touches_its_own_app(client, seeded, cdn, case):
    response = OWN_APP[case](client, TEAM, cdn)
    assert response.status_code in (200, 201), response.content
    if case.startswith(("deploy", "start", "roll", "restore", "remove")):
        assert response.json()["created_by"] == "reviews-team"
    assert Revision.objects.order_by("-number").first().created_by == "reviews-team"
    assert client.get("/api/registry/refusals").json() == []


@pytest.mark.parametrize("case", OTHER_APPS)
def test_a_scoped_token_is_refused_what_touches_another_app(client, seeded, cdn, settings, case):
    request, refused = OTHER_APPS[case]
    before = registry(settings)
    fetched = len(cdn.requests)
    response = request(client, TEAM, cdn)
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["code"] == "forbidden"
    for name in refused:
        assert name in body["detail"], body["detail"]
    assert "reviews-team" in body["detail"]
    assert registry(settings) == before, "a refused request changed the registry"
    assert len(cdn.requests) == fetched, "a refused request fetched a module"

    audit = client.get("/api/registry/refusals").json()
    assert len(audit) == 1
    (entry,) = audit
    assert entry["created_by"] == "reviews-team"
    assert entry["apps"] == refused
    assert entry["reason"] == body["detail"]
    assert entry["action"] and entry["message"] and entry["created_at"]


@pytest.mark.parametrize("case", [*OWN_APP, *OTHER_APPS])
def test_a_star_token_may_do_all_of_it(client, seeded, cdn, case):
    request = OWN_APP[case] if case in OWN_APP else OTHER_APPS[case][0]
    response = request(client, CI, cdn)
    assert response.status_code in (200, 201), response.content
    assert client.get("/api/registry/refusals").json() == []


def test_a_token_without_a_scope_may_do_all_of_it(client, seeded, settings):
    settings.DEPLOY_TOKENS = {**settings.DEPLOY_TOKENS, "old": "token-of-old"}
    response = client.delete("/api/registry/apps/cart", **bearer("token-of-old"))
    assert response.status_code == 200, response.content
    assert response.json()["releases"] == {REVIEWS: "1.0.1"}


def test_a_token_scoped_to_several_apps_releases_them_together(client, seeded, settings):
    settings.DEPLOY_TOKEN_SCOPES = {
        **settings.DEPLOY_TOKEN_SCOPES,
        "reviews-team": frozenset({REVIEWS, CART}),
    }
    response = release(client, TEAM, ("reviews", "1.0.2", v(2)), ("cart", "1.0.3", v(3)))
    assert response.status_code == 201, response.content
    restored = client.post("/api/registry/revisions/1/restore", **bearer(TEAM))
    assert restored.status_code == 200, restored.content


def test_the_refusal_names_only_the_apps_it_may_not_touch_and_the_audit_keeps_each(client, seeded):
    # Revision 1 holds both apps at 1.0.0: restoring it changes reviews and cart (and the
    # canary), so a token of reviews alone is refused for cart only.
    first = client.post("/api/registry/revisions/1/restore", **bearer(TEAM))
    second = client.delete("/api/registry/apps/cart/canary", **bearer(TEAM))
    assert first.status_code == second.status_code == 403
    assert REVIEWS not in first.json()["detail"].split("may not")[1].split("(")[0]
    audit = client.get("/api/registry/refusals").json()
    assert [e["reason"] for e in audit] == [second.json()["detail"], first.json()["detail"]]
    assert [e["action"] for e in audit] == ["abort", "rollback"]
    assert client.get("/api/registry/refusals?limit=1").json() == audit[:1]


def test_every_write_declares_the_403_of_a_token_that_may_not_touch_the_app(client):
    for base in ("/api/registry", "/services"):
        document = client.get(f"{base}/openapi.json").json()
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if method == "get":
                    continue
                forbidden = operation["responses"]["403"]
                assert "deploy token" in forbidden["description"], (method, path)
                schema = forbidden["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/ErrorOut")
    document = client.get("/api/registry/openapi.json").json()
    refusals = document["paths"]["/api/registry/refusals"]["get"]
    assert "200" in refusals["responses"] and "security" not in refusals


# --- the setting ------------------------------------------------------------------------------


def test_tokens_take_a_scope_after_the_last_colon_and_none_means_every_app():
    from shell.settings import parse_deploy_token_scopes, parse_deploy_tokens

    env = {
        "BAZAAR_DEPLOY_TOKENS": "ci=tok1:*, reviews-team = t:o=k2:@bazaar/reviews,"
        "two=tok3:@bazaar/reviews+@acme/cart, old=tok4",
        "BAZAAR_DEPLOY_TOKEN": "tok5",
    }
    assert parse_deploy_tokens(env, dev=False) == {
        "ci": "tok1",
        "reviews-team": "t:o=k2",
        "two": "tok3",
        "old": "tok4",
        "deploy": "tok5",
    }
    assert parse_deploy_token_scopes(env, dev=False) == {
        "ci": frozenset({"*"}),
        "reviews-team": frozenset({"@bazaar/reviews"}),
        "two": frozenset({"@bazaar/reviews", "@acme/cart"}),
        "old": frozenset({"*"}),
        "deploy": frozenset({"*"}),
    }
    assert parse_deploy_token_scopes({}, dev=True) == {"deploy": frozenset({"*"})}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ci=tok:", "scope"),
        ("ci=tok:@bazaar/reviews+", "scope"),
        ("ci=tok:@bazaar/Reviews", "'@bazaar/Reviews'"),
        ("ci=tok:reviews", "'reviews'"),
        ("ci=tok:*+@bazaar/reviews", "'\\*' alone"),
        ("ci=to:ken", "'ken'"),  # a token with a colon needs its scope after it
        ("ci=:*", "name=token"),
    ],
)
def test_a_bad_scope_fails_at_start_up_naming_it(value, message):
    from shell.settings import parse_deploy_token_scopes, parse_deploy_tokens

    for parse in (parse_deploy_tokens, parse_deploy_token_scopes):
        with pytest.raises(ImproperlyConfigured, match=message):
            parse({"BAZAAR_DEPLOY_TOKENS": value}, dev=False)


def test_the_settings_string_scopes_the_api(client, seeded, settings):
    from shell.settings import parse_deploy_token_scopes, parse_deploy_tokens

    env = {"BAZAAR_DEPLOY_TOKENS": f"ci={CI}:*,reviews-team={TEAM}:{REVIEWS}"}
    settings.DEPLOY_TOKENS = parse_deploy_tokens(env, dev=False)
    settings.DEPLOY_TOKEN_SCOPES = parse_deploy_token_scopes(env, dev=False)
    assert client.delete("/api/registry/apps/cart", **bearer(TEAM)).status_code == 403
    assert client.delete("/api/registry/apps/reviews", **bearer(TEAM)).status_code == 200
    assert client.delete("/api/registry/apps/cart", **bearer(CI)).status_code == 200
