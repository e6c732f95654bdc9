"""Hostile and unusual deploys through the real registry API (issue 9): each is refused with
a 4xx naming the field and leaves nothing behind, or (binary files) publishes and is served."""

from __future__ import annotations

import base64
import getpass
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver

from bazaar.origins import parse_origins
from shell.registry import bundles, release_storage
from shell.registry.manifest import SHELL_MOUNT_POINTS
from shell.registry.models import App, Release, Revision
from shell.settings import parse_deploy_tokens
from shell.testing.factories import ENTRY_JS, manifest

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def post_release(client, *bundles, auth=AUTH, **headers):
    body = {"manifests": [{"manifest": m, "files": f} for m, f in bundles]}
    return client.post(
        "/api/registry/releases", body, content_type="application/json", **auth, **headers
    )


def text_files(**extra) -> dict:
    return {"src/main.js": ENTRY_JS.decode(), **extra}


def published(settings) -> list[str]:
    """Everything under the publish root, hidden entries included (the compressed copies
    written beside published files aside)."""
    root = Path(settings.PUBLISH_ROOT)
    if not root.exists():
        return []
    paths = (p.relative_to(root).as_posix() for p in root.rglob("*"))
    return sorted(p for p in paths if not p.endswith((".br", ".gz")))


def assert_refused(response, field: str, settings) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["detail"].startswith(f"{field}:"), body["detail"]
    assert Revision.objects.count() == 0 and Release.objects.count() == 0
    assert App.objects.count() == 0
    assert published(settings) == []


def nested(depth: int) -> dict:
    root: dict = {}
    node = root
    for _ in range(depth - 1):
        node["a"] = {}
        node = node["a"]
    return root


# --- 1. a manifest's bff may only send tokens to allowed origins -------------------------


@pytest.mark.parametrize(
    "bff",
    [
        "https://evil.example/api",
        "http://127.0.0.1:8001/api",
        "//evil.example/api",
        "https://user:pass@evil.example/api",
        "/bff/demo/api?x=1",
    ],
)
def test_a_bff_outside_the_allow_list_is_refused_naming_the_field(client, settings, bff):
    settings.BAZAAR_BFF_ORIGINS = []
    response = post_release(client, (manifest(bff=bff), text_files()))
    assert_refused(response, "bff", settings)


def test_a_bff_on_a_configured_origin_is_accepted_and_others_are_not(client, settings):
    settings.BAZAAR_BFF_ORIGINS = parse_origins("https://BFF.example", setting="test")
    accepted = post_release(client, (manifest(bff="https://bff.example:443/api/"), text_files()))
    assert accepted.status_code == 201, accepted.content
    other_port = post_release(
        client, (manifest("other", bff="https://bff.example:8443/api"), text_files())
    )
    assert other_port.status_code == 422
    assert other_port.json()["detail"].startswith("bff:")


def test_a_same_origin_bff_path_needs_no_allow_list(client, settings):
    settings.BAZAAR_BFF_ORIGINS = []
    response = post_release(client, (manifest(bff="/bff/demo/api"), text_files()))
    assert response.status_code == 201, response.content


def test_rolling_back_to_a_release_whose_bff_origin_is_no_longer_allowed_is_refused(
    client, settings
):
    settings.BAZAAR_BFF_ORIGINS = ["https://bff.example"]
    post_release(client, (manifest(version="1.0.0", bff="https://bff.example/api"), text_files()))
    post_release(client, (manifest(version="1.0.1"), text_files()))
    settings.BAZAAR_BFF_ORIGINS = []
    response = client.post("/api/registry/apps/demo/rollback", **AUTH)
    assert response.status_code == 422
    assert "bff" in response.json()["detail"].split(":")[0]
    assert Revision.objects.count() == 2


def test_bff_origins_are_read_as_origins_only():
    assert parse_origins("https://A.example:443, http://b.example:8080/", setting="X") == [
        "https://a.example",
        "http://b.example:8080",
    ]
    for bad in ["https://a.example/api", "ftp://a.example", "a.example", "https://u@a.example"]:
        with pytest.raises(ImproperlyConfigured, match="X"):
            parse_origins(bad, setting="X")


# --- 5. the audit records the authenticated identity --------------------------------------


def test_the_history_records_the_deploy_tokens_name_never_a_header(client, settings):
    settings.DEPLOY_TOKENS = {"ci": "token-of-ci", "alice": "token-of-alice"}
    deployed = post_release(
        client,
        (manifest(version="1.0.0"), text_files()),
        auth={"HTTP_AUTHORIZATION": "Bearer token-of-alice"},
        HTTP_X_BAZAAR_ACTOR="mallory",
    )
    assert deployed.status_code == 201, deployed.content
    assert deployed.json()["created_by"] == "alice"
    post_release(
        client,
        (manifest(version="1.0.1"), text_files()),
        auth={"HTTP_AUTHORIZATION": "Bearer token-of-ci"},
    )
    rolled_back = client.post(
        "/api/registry/apps/demo/rollback",
        HTTP_AUTHORIZATION="Bearer token-of-ci",
        HTTP_X_BAZAAR_ACTOR="mallory",
    )
    assert rolled_back.json()["created_by"] == "ci"
    history = client.get("/api/registry/revisions").json()
    assert [r["created_by"] for r in history] == ["ci", "ci", "alice"]
    assert Release.objects.get(version="1.0.0").created_by == "alice"


def test_an_unknown_or_empty_token_is_401(client, settings):
    settings.DEPLOY_TOKENS = {"ci": "token-of-ci"}
    for token in ["token-of-alice", "token-of-c", "token-of-ci2", "dev-deploy-token"]:
        response = post_release(
            client, (manifest(), text_files()), auth={"HTTP_AUTHORIZATION": f"Bearer {token}"}
        )
        assert response.status_code == 401, token
    assert Revision.objects.count() == 0


def test_deploy_tokens_are_named_and_the_single_token_is_named_deploy():
    env = {"BAZAAR_DEPLOY_TOKENS": "ci=tok1, alice = tok=2", "BAZAAR_DEPLOY_TOKEN": "tok3"}
    assert parse_deploy_tokens(env, dev=False) == {"ci": "tok1", "alice": "tok=2", "deploy": "tok3"}
    assert parse_deploy_tokens({"BAZAAR_DEPLOY_TOKEN": "t"}, dev=False) == {"deploy": "t"}
    assert parse_deploy_tokens({}, dev=True) == {"deploy": "dev-deploy-token"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "must be set in production"),
        ({"BAZAAR_DEPLOY_TOKENS": "ci"}, "name=token"),
        ({"BAZAAR_DEPLOY_TOKENS": "ci="}, "name=token"),
        ({"BAZAAR_DEPLOY_TOKENS": "c i=x"}, "name=token"),
        ({"BAZAAR_DEPLOY_TOKENS": "ci=a,ci=b"}, "twice"),
        ({"BAZAAR_DEPLOY_TOKENS": "ci=a,bob=a"}, "equal"),
        ({"BAZAAR_DEPLOY_TOKENS": "deploy=a", "BAZAAR_DEPLOY_TOKEN": "b"}, "named 'deploy'"),
    ],
)
def test_bad_deploy_token_settings_fail_at_start_up(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_deploy_tokens(env, dev=False)


# --- 6 and 15. only completed versions are served; refused releases leave nothing ---------


def test_a_staging_folder_or_an_unfinished_version_is_never_served(client, settings):
    assert post_release(client, (manifest(), text_files())).status_code == 201
    root = Path(settings.PUBLISH_ROOT)
    for unfinished in [root / "demo" / ".staging-x1y2", root / "demo" / "2.0.0"]:
        (unfinished / "src").mkdir(parents=True)
        (unfinished / "src" / "main.js").write_bytes(b"export const half = 1;")
    assert client.get("/static/apps/demo/1.0.0/src/main.js").status_code == 200
    assert client.get("/static/apps/demo/.staging-x1y2/src/main.js").status_code == 404
    assert client.get("/static/apps/demo/2.0.0/src/main.js").status_code == 404
    assert client.get("/static/apps/demo/1.0.0/.digest").status_code == 404


def test_a_version_folder_appears_whole_by_one_rename(client, settings, monkeypatch):
    renames = []
    real_rename = os.rename

    def observed_rename(source, target):
        files = sorted(p.relative_to(source).as_posix() for p in Path(source).rglob("*"))
        renames.append((Path(source).name, Path(target).exists(), files))
        real_rename(source, target)

    monkeypatch.setattr(release_storage.os, "rename", observed_rename)
    response = post_release(client, (manifest(), text_files(**{"src/a/b.js": "export {};"})))
    assert response.status_code == 201
    [(source, target_existed, files)] = renames
    assert source.startswith(".staging-") and not target_existed
    # (with the brotli and gzip copies made before the rename, when they are worth it)
    copies = [f for f in files if f.endswith((".br", ".gz"))]
    assert [f for f in files if f not in copies] == [
        ".digest",
        "build",  # what esbuild bundled from the entry, with its source map
        "build/main.js",
        "build/main.js.map",
        "src",
        "src/a",
        "src/a/b.js",
        "src/main.js",
    ]
    assert {c.removesuffix(".br").removesuffix(".gz") for c in copies} <= set(files)
    assert published(settings) == ["demo", "demo/1.0.0"] + [
        f"demo/1.0.0/{f}" for f in files if f not in copies
    ]


def test_a_published_folder_is_never_replaced(client, settings):
    """The same version published before (the registry database was recreated since) with
    other bytes: its URL is cached as immutable, so it is refused, not deleted and replaced."""
    assert post_release(client, (manifest(), text_files())).status_code == 201
    Revision.objects.all().delete()
    Release.objects.all().delete()
    live = Path(settings.PUBLISH_ROOT) / "demo" / "1.0.0" / "src" / "main.js"
    response = post_release(client, (manifest(), {"src/main.js": "export const other = 1;"}))
    assert response.status_code == 409
    assert "immutable" in response.json()["detail"]
    assert live.read_bytes() == ENTRY_JS
    assert not [p for p in published(settings) if "/." in p and not p.endswith(".digest")]


def test_a_release_refused_for_a_route_clash_leaves_no_folder_behind(client, settings):
    assert post_release(client, (manifest("catalog"), text_files())).status_code == 201
    response = post_release(
        client,
        (manifest("orders"), text_files()),
        (manifest("intruder", routes=[{"path": "/catalog/x"}]), text_files()),
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("routes:")
    assert {p.split("/")[0] for p in published(settings)} == {"catalog"}


def test_a_release_refused_after_publishing_takes_back_what_it_published(client, settings):
    """The second app's version exists on disk with other bytes (409): the first app's new
    folder, already published by then, is taken back."""
    foreign = Path(settings.PUBLISH_ROOT) / "orders" / "1.0.0"
    (foreign / "src").mkdir(parents=True)
    (foreign / "src" / "main.js").write_bytes(b"export const foreign = 1;")
    (foreign / ".digest").write_text("not this release")
    response = post_release(
        client, (manifest("cart"), text_files()), (manifest("orders"), text_files())
    )
    assert response.status_code == 409
    assert {p.split("/")[0] for p in published(settings)} == {"orders"}
    assert Revision.objects.count() == 0


def test_a_stored_release_from_before_a_rule_was_tightened_does_not_block_deploys(client):
    """An older release kept a mount point name that is refused today: the registry still
    checks new releases against its routes, without validating it again."""
    assert post_release(client, (manifest("legacy"), text_files())).status_code == 201
    legacy = Release.objects.get()
    legacy.manifest = {**legacy.manifest, "mountPoints": {"sidebar": []}}
    legacy.save()
    assert post_release(client, (manifest("fresh"), text_files())).status_code == 201
    clash = post_release(client, (manifest("other", routes=[{"path": "/legacy"}]), text_files()))
    assert clash.status_code == 422 and "@bazaar/legacy route" in clash.json()["detail"]


# --- 7. routes may not claim the platform's paths ------------------------------------------


@pytest.mark.parametrize(
    "route",
    [
        {"path": "/api"},
        {"path": "/api/registry"},
        {"path": "/bff"},
        {"path": "/bff/catalog/api", "exact": True},
        {"path": "/oidc/authenticate"},
        {"path": "/static"},
        {"path": "/ws"},
        {"path": "/live"},
        {"path": "/sw.js", "exact": True},
        {"path": "/manifest.webmanifest"},
        {"path": "/healthz"},
        {"path": "/metrics"},
        {"path": "/admin"},
        {"path": "/importmap.json"},
        {"path": "/"},
        {"path": "/:anything", "exact": True},
    ],
)
def test_a_route_that_claims_a_platform_path_is_refused(client, settings, route):
    response = post_release(client, (manifest(routes=[route]), text_files()))
    assert_refused(response, "routes.0.path", settings)
    assert "the platform serves" in response.json()["detail"]


def test_every_path_of_the_urlconf_is_reserved():
    heads = set()
    for pattern in get_resolver().url_patterns:
        head = str(pattern.pattern).removeprefix("^").split("/")[0].removesuffix("$")
        heads.update(
            re.findall(r"[A-Za-z][A-Za-z0-9._-]*", head.replace("\\.", ".").replace("?P", ""))
        )
    heads -= {"path"}  # the catch-all's group name
    assert heads and heads <= bundles.platform_paths()


def test_an_app_may_still_own_the_home_page_and_its_own_paths(client):
    routes = [{"path": "/", "exact": True}, {"path": "/apiary"}, {"path": "/statics/:id"}]
    response = post_release(client, (manifest(routes=routes), text_files()))
    assert response.status_code == 201, response.content


# --- 11. binary files publish and are served with their types ------------------------------

BINARIES = {
    "src/fonts/brand.woff2": (b"wOF2\x00\x01\xff\xfe\x80", "font/woff2"),
    "src/img/logo.png": (b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
    "src/img/photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    "src/add.wasm": (b"\x00asm\x01\x00\x00\x00", "application/wasm"),
    "src/fonts/brand.woff": (b"wOFF\x00\x01\x00\x00\xc3", "font/woff"),
}


def test_binary_files_publish_through_the_api_and_are_served_with_their_types(client):
    files = {
        path: {"encoding": "base64", "content": base64.b64encode(content).decode()}
        for path, (content, _) in BINARIES.items()
    }
    files["src/style.css"] = {"encoding": "utf-8", "content": ":host { color: red; }"}
    response = post_release(client, (manifest(), text_files(**files)))
    assert response.status_code == 201, response.content
    for path, (content, content_type) in BINARIES.items():
        served = client.get(f"/static/apps/demo/1.0.0/{path}")
        assert served.status_code == 200, path
        assert served["Content-Type"] == content_type, path
        assert served.getvalue() == content, path
    css = client.get("/static/apps/demo/1.0.0/src/style.css")
    assert css["Content-Type"].startswith("text/css")
    assert css.getvalue() == b":host { color: red; }"


def test_a_micro_app_folder_with_binary_files_deploys_from_the_command_line(client, tmp_path):
    app = tmp_path / "demo"
    (app / "src" / "fonts").mkdir(parents=True)
    (app / "manifest.json").write_text(json.dumps(manifest()))
    (app / "src" / "main.js").write_bytes(ENTRY_JS)
    content, content_type = BINARIES["src/fonts/brand.woff2"]
    (app / "src" / "fonts" / "brand.woff2").write_bytes(content)
    call_command("deploy_microapp", str(app / "manifest.json"), stdout=io.StringIO())
    served = client.get("/static/apps/demo/1.0.0/src/fonts/brand.woff2")
    assert served["Content-Type"] == content_type
    assert served.getvalue() == content


def test_the_command_line_records_the_operating_system_user(tmp_path):
    app = tmp_path / "demo"
    (app / "src").mkdir(parents=True)
    (app / "manifest.json").write_text(json.dumps(manifest()))
    (app / "src" / "main.js").write_bytes(ENTRY_JS)
    call_command("deploy_microapp", str(app / "manifest.json"), stdout=io.StringIO())
    assert Revision.objects.get().created_by == f"cli:{getpass.getuser()}"


@pytest.mark.parametrize(
    "value",
    [
        {"encoding": "base64", "content": "not base64!"},
        {"encoding": "base64", "content": "wOF2\u00e9"},
    ],
)
def test_a_file_that_is_not_base64_is_refused_naming_it(client, settings, value):
    response = post_release(client, (manifest(), text_files(**{"src/a.woff2": value})))
    assert_refused(response, "files", settings)
    assert "src/a.woff2" in response.json()["detail"]


def test_an_unknown_file_encoding_is_refused(client, settings):
    value = {"encoding": "latin-1", "content": "x"}
    response = post_release(client, (manifest(), text_files(**{"src/a.txt": value})))
    assert response.status_code == 422
    assert Revision.objects.count() == 0 and published(settings) == []


# --- 13. hostile sizes and text: 422 naming the field, nothing written --------------------


def deep_path(depth: int) -> str:
    return "src/" + "a/" * depth + "x.js"


@pytest.mark.parametrize(
    ("data", "files", "field"),
    [
        (manifest(name="@bazaar/" + "a" * 292), text_files(), "name"),
        (manifest(name="@" + "s" * 150 + "/demo"), text_files(), "name"),
        (manifest(version="1.0.0-" + "a" * 294), text_files(), "version"),
        (manifest(), text_files(**{"src/" + "f" * 297 + ".js": "x"}), "files"),
        (manifest(), text_files(**{"src/" + "f" * 120 + ".js": "x"}), "files"),
        (manifest(), text_files(**{deep_path(2000): "x"}), "files"),
        (manifest(), text_files(**{deep_path(40): "x"}), "files"),
        (manifest(), text_files(**{"src/lone.js": "const s = '\ud800';"}), "files"),
        (manifest(), {"src/main.js": "export {}; // \ud800"}, "files"),
        (manifest(description="\ud800"), text_files(), "description"),
        (manifest(config={"note": ["ok", "\udfff"]}), text_files(), "config.note.1"),
    ],
)
def test_a_hostile_deploy_is_refused_naming_the_field_with_nothing_written(
    client, settings, data, files, field
):
    assert_refused(post_release(client, (data, files)), field, settings)


def test_a_config_nested_500_deep_is_refused_with_nothing_written(client, settings):
    data = manifest()
    data["config"] = nested(500)  # built here: the factory deep-copies its overrides
    assert_refused(post_release(client, (data, text_files())), "config", settings)


def test_a_config_nested_a_little_is_fine(client):
    data = manifest()
    data["config"] = nested(20)
    assert post_release(client, (data, text_files())).status_code == 201


def test_one_hostile_app_in_a_release_writes_nothing_for_the_others(client, settings):
    response = post_release(
        client,
        (manifest("cart"), text_files()),
        (manifest("orders"), text_files(**{deep_path(2000): "x"})),
    )
    assert_refused(response, "files", settings)


# --- bug: mount points the shell does not have ---------------------------------------------


def test_an_unknown_mount_point_is_refused_naming_it(client, settings):
    data = manifest(mountPoints={"sidebar": [{"label": "x", "href": "/demo"}]})
    response = post_release(client, (data, text_files()))
    assert_refused(response, "mountPoints.sidebar", settings)
    assert "header-right" in response.json()["detail"]


def test_the_shells_mount_points_are_the_shell_pages_slots():
    template = Path(__file__).resolve().parents[2] / "templates" / "shell" / "index.html"
    slots = set(re.findall(r'data-mount-point="([^"]+)"', template.read_text()))
    assert slots == set(SHELL_MOUNT_POINTS)


# --- the OpenAPI document declares the errors each operation answers -----------------------


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/releases", {"201", "401", "409", "422"}),
        ("post", "/apps/{slug}/rollback", {"200", "401", "404", "409", "422"}),
        ("post", "/revisions/{number}/restore", {"200", "401", "404", "409", "422"}),
        ("delete", "/apps/{slug}", {"200", "401", "404", "409"}),
        ("get", "/revisions/current", {"200", "404"}),
    ],
)
def test_the_registry_openapi_declares_its_error_answers(client, method, path, statuses):
    document = client.get("/api/registry/openapi.json").json()
    responses = document["paths"]["/api/registry" + path][method]["responses"]
    assert statuses <= set(responses)
    for status in statuses - {"200", "201"}:
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorOut"}


def test_the_openapi_documents_base64_files(client):
    document = client.get("/api/registry/openapi.json").json()
    assert set(document["components"]["schemas"]["FileIn"]["properties"]) == {
        "encoding",
        "content",
    }
