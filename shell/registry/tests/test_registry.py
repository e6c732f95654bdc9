"""Deploying, refusing, rolling back and serving releases through the registry."""

import base64
import hashlib
import json

import pytest
from django.test import Client

from shell.registry import errors, services
from shell.registry.bundles import bundle_from_data
from shell.registry.integrity import sri
from shell.registry.manifest import ManifestError
from shell.registry.models import Release, Revision
from shell.registry.selectors import current_page_config
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}


def deploy(*bundles, actor="test"):
    return services.release_deploy(
        bundles=[bundle_from_data(m, f) for m, f in bundles], actor=actor
    )


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def registry_state():
    return (Revision.objects.count(), Release.objects.count())


def test_deploy_publishes_files_and_makes_a_new_current_revision(settings):
    revision = deploy((manifest(), files({"src/view.js": b"export const v = 1;"})))
    assert revision.number == 1
    folder = settings.PUBLISH_ROOT / "demo" / "1.0.0"
    assert (folder / "src" / "view.js").read_bytes() == b"export const v = 1;"
    built = (folder / "build" / "main.js").read_bytes()
    assert b"mount" in built  # the entry, bundled
    config = current_page_config()
    assert config.importmap["imports"]["@bazaar/demo"] == "/static/apps/demo/1.0.0/build/main.js"
    assert config.importmap["imports"]["@bazaar/demo/"] == "/static/apps/demo/1.0.0/"
    assert config.importmap["integrity"]["/static/apps/demo/1.0.0/build/main.js"] == sri(built)


def test_without_esbuild_a_version_is_published_and_loaded_unbundled(settings, unbundled):
    revision = deploy((manifest(), files({"src/view.js": b"export const v = 1;"})))
    assert not (settings.PUBLISH_ROOT / "demo" / "1.0.0" / "build").exists()
    assert "entries" not in revision.releases.get().build  # nothing built: only its weight
    integrity = current_page_config().importmap["integrity"]
    imports = current_page_config().importmap["imports"]
    assert imports["@bazaar/demo"] == "/static/apps/demo/1.0.0/src/main.js"
    assert integrity["/static/apps/demo/1.0.0/src/view.js"] == sri(b"export const v = 1;")


def test_a_new_version_replaces_the_old_one_on_the_next_read():
    deploy((manifest(version="1.0.0"), files()))
    deploy((manifest(version="1.1.0"), files(entry=b"export async function mount() {}")))
    imports = current_page_config().importmap["imports"]
    assert imports["@bazaar/demo"] == "/static/apps/demo/1.1.0/build/main.js"


def test_redeploying_identical_content_is_a_no_op():
    first = deploy((manifest(), files()))
    again = deploy((manifest(), files()))
    assert again.number == first.number
    assert Release.objects.count() == 1


def test_a_published_version_is_immutable():
    deploy((manifest(), files()))
    with pytest.raises(errors.RegistryConflict, match="bump 'version'"):
        deploy((manifest(), files(entry=b"export const changed = true;")))


def test_several_apps_deploy_atomically_in_one_revision():
    revision = deploy((manifest("cart"), files()), (manifest("orders"), files()))
    assert revision.number == 1
    assert {r.app.name for r in revision.releases.all()} == {"@bazaar/cart", "@bazaar/orders"}


def test_one_bad_app_in_a_release_leaves_the_registry_unchanged():
    deploy((manifest("cart"), files()))
    before = registry_state()
    with pytest.raises(ManifestError, match="clashes"):
        deploy(
            (manifest("orders"), files()),
            (manifest("intruder", routes=[{"path": "/cart/x"}]), files()),
        )
    assert registry_state() == before


@pytest.mark.parametrize(
    ("data", "bundle_files", "message"),
    [
        (manifest(entry="src/missing.js"), files(), "entry: module 'src/missing.js' is not among"),
        (manifest(imports={"@bazaar/demo/x": "src/x.js"}), files(), "imports.@bazaar/demo/x"),
        (
            manifest(mountPoints={"header-right": [{"module": "src/badge.js"}]}),
            files(),
            "mountPoints.header-right.0.module",
        ),
        (manifest(), {"../evil.js": b"x", **files()}, "files: '../evil.js'"),
        (manifest(version="1"), files(), "version:"),
    ],
)
def test_a_bad_bundle_is_refused_naming_the_problem(data, bundle_files, message):
    with pytest.raises(ManifestError) as error:
        bundle_from_data(data, bundle_files)
    assert message in str(error.value)


def test_a_route_clash_with_a_live_app_is_refused():
    deploy((manifest("catalog", routes=[{"path": "/catalog"}]), files()))
    with pytest.raises(ManifestError, match=r"@bazaar/other route '/catalog/p'"):
        deploy((manifest("other", routes=[{"path": "/catalog/p"}]), files()))


def test_a_release_that_retires_an_app_takes_over_its_routes_in_one_revision():
    # As when checkout became a route of the orders app: the new orders release claims
    # /checkout, which the checkout app holds until the same revision takes it out.
    deploy((manifest("checkout", routes=[{"path": "/checkout"}]), files()))
    deploy((manifest("orders", routes=[{"path": "/orders"}]), files()))
    absorbing = manifest("orders", "1.1.0", routes=[{"path": "/checkout"}, {"path": "/orders"}])
    with pytest.raises(ManifestError, match="/checkout"):
        deploy((absorbing, files(entry=b"export const v = 2;")))
    assert Revision.objects.count() == 2

    revision = services.release_deploy(
        bundles=[bundle_from_data(absorbing, files(entry=b"export const v = 2;"))],
        retire=["@bazaar/checkout", "@bazaar/never-deployed"],
        actor="ci",
    )
    assert revision.number == 3
    assert {r.app.name: r.version for r in revision.releases.all()} == {"@bazaar/orders": "1.1.0"}
    assert "retire @bazaar/checkout" in revision.message
    assert "@bazaar/checkout" not in current_page_config().importmap["imports"]
    # Rolled back as a whole, like any revision: both apps as they were.
    restored = services.revision_restore(number=2, actor="ops")
    assert {r.app.name: r.version for r in restored.releases.all()} == {
        "@bazaar/checkout": "1.0.0",
        "@bazaar/orders": "1.0.0",
    }


@pytest.mark.parametrize(
    "options, message",
    [
        ({"retire": ["@bazaar/orders"]}, "retire: @bazaar/orders is deployed by this release too"),
        ({"retire": ["@bazaar/checkout"], "canary": 10}, "retire: a canary release cannot"),
    ],
)
def test_a_retirement_that_cannot_be_is_refused_and_nothing_changes(options, message):
    deploy((manifest("checkout"), files()), (manifest("orders"), files()))
    with pytest.raises(ManifestError, match=message):
        services.release_deploy(
            bundles=[bundle_from_data(manifest("orders", "1.1.0"), files(entry=b"export {};"))],
            actor="ci",
            **options,
        )
    assert Revision.objects.count() == 1
    assert not Release.objects.filter(version="1.1.0").exists()


def test_the_deploy_api_retires_apps_and_refuses_a_name_that_is_no_app_name(client):
    deploy((manifest("checkout", routes=[{"path": "/checkout"}]), files()))
    body = api_payload((manifest("orders", routes=[{"path": "/checkout"}]), files()))
    refused = client.post(
        "/api/registry/releases",
        {**body, "retire": ["checkout"]},
        content_type="application/json",
        **AUTH,
    )
    assert refused.status_code == 422
    assert "retire" in refused.json()["detail"]
    response = client.post(
        "/api/registry/releases",
        {**body, "retire": ["@bazaar/checkout"]},
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 201, response.content
    assert response.json()["releases"] == {"@bazaar/orders": "1.0.0"}


def test_make_and_the_stack_retire_the_same_demo_apps():
    from pathlib import Path

    from stack.units import RETIRED_APPS

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    (line,) = [x for x in makefile.splitlines() if x.startswith("RETIRED_APPS :=")]
    assert line.split(":=")[1].split() == list(RETIRED_APPS)


def test_rollback_restores_the_previous_release_in_one_step():
    deploy((manifest(version="1.0.0"), files()))
    deploy((manifest(version="2.0.0"), files(entry=b"export const two = 2;")))
    revision = services.release_rollback(name="@bazaar/demo", actor="ops")
    assert revision.number == 3
    assert revision.action == "rollback" and revision.created_by == "ops"
    assert revision.releases.get().version == "1.0.0"


def test_rollback_to_a_named_version_and_to_an_unknown_one():
    deploy((manifest(version="1.0.0"), files()))
    deploy((manifest(version="2.0.0"), files(entry=b"export const two = 2;")))
    deploy((manifest(version="3.0.0"), files(entry=b"export const three = 3;")))
    assert (
        services.release_rollback(name="@bazaar/demo", to_version="1.0.0", actor="x")
        .releases.get()
        .version
        == "1.0.0"
    )
    with pytest.raises(errors.RegistryNotFound, match="no release 9.9.9"):
        services.release_rollback(name="@bazaar/demo", to_version="9.9.9", actor="x")


def test_removing_an_app_keeps_its_releases_for_audit():
    deploy((manifest("cart"), files()), (manifest("orders"), files()))
    revision = services.app_remove(name="@bazaar/cart", actor="ops")
    assert [r.app.name for r in revision.releases.all()] == ["@bazaar/orders"]
    assert Release.objects.filter(app__name="@bazaar/cart").exists()
    restored = services.revision_restore(number=1, actor="ops")
    assert restored.releases.count() == 2


# --- HTTP API -------------------------------------------------------------------------------


def api_payload(*bundles):
    return {
        "manifests": [
            {"manifest": m, "files": {p: c.decode() for p, c in f.items()}} for m, f in bundles
        ],
        "message": "from CI",
    }


def test_the_deploy_api_needs_the_deploy_token(client):
    response = client.post(
        "/api/registry/releases",
        api_payload((manifest(), files())),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert Revision.objects.count() == 0


def test_the_deploy_api_publishes_and_reports_the_revision(client):
    response = client.post(
        "/api/registry/releases",
        api_payload((manifest(), files())),
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["releases"] == {"@bazaar/demo": "1.0.0"}
    assert body["created_by"] == "deploy" and body["message"] == "from CI"
    history = client.get("/api/registry/revisions").json()
    assert [r["number"] for r in history] == [1]


def test_the_deploy_api_refuses_a_bad_manifest_with_422_naming_the_field(client):
    response = client.post(
        "/api/registry/releases",
        api_payload((manifest(version="one"), files())),
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("version:")
    assert Revision.objects.count() == 0


def test_the_deploy_api_answers_409_for_a_changed_published_version(client):
    client.post(
        "/api/registry/releases",
        api_payload((manifest(), files())),
        content_type="application/json",
        **AUTH,
    )
    response = client.post(
        "/api/registry/releases",
        api_payload((manifest(), files(entry=b"export const x = 1;"))),
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 409
    assert "immutable" in response.json()["detail"]


def test_the_rollback_api(client):
    client.post(
        "/api/registry/releases",
        api_payload((manifest(version="1.0.0"), files())),
        content_type="application/json",
        **AUTH,
    )
    client.post(
        "/api/registry/releases",
        api_payload((manifest(version="1.0.1"), files(entry=b"export const x = 1;"))),
        content_type="application/json",
        **AUTH,
    )
    response = client.post(
        "/api/registry/apps/demo/rollback", {}, content_type="application/json", **AUTH
    )
    assert response.status_code == 200
    assert response.json()["releases"] == {"@bazaar/demo": "1.0.0"}
    apps = client.get("/api/registry/apps").json()
    assert apps[0]["current_version"] == "1.0.0"
    assert [r["version"] for r in apps[0]["releases"]] == ["1.0.0", "1.0.1"]
    assert (
        client.post(
            "/api/registry/apps/nope/rollback", {}, content_type="application/json", **AUTH
        ).status_code
        == 404
    )


# --- The import map -------------------------------------------------------------------------


def _sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def _inline_importmap(html: str) -> dict:
    start = html.index(">", html.index('<script type="importmap"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_inline_import_map_and_importmap_json_agree_and_every_hash_matches_the_bytes(client):
    deploy((manifest(), files({"src/view.js": b"export const v = 1;"})))
    page = client.get("/demo")
    assert page.status_code == 200
    inline = _inline_importmap(page.content.decode())
    served = client.get("/importmap.json").json()
    assert inline == served
    module_urls = {u for u in served["imports"].values() if not u.endswith("/")}
    assert module_urls <= set(served["integrity"])
    for url, digest in served["integrity"].items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert _sri(response.getvalue()) == digest, url


def test_shared_libraries_appear_once_in_the_import_map(client):
    deploy((manifest("cart"), files()), (manifest("orders"), files()))
    imports = client.get("/importmap.json").json()["imports"]
    urls = list(imports.values())
    assert len(urls) == len(set(urls))
    assert {"single-spa", "htm/preact", "@bazaar/platform"} <= set(imports)


def test_published_modules_are_served_immutable_with_a_javascript_type(client):
    deploy((manifest(), files()))
    response = client.get("/static/apps/demo/1.0.0/src/main.js")
    assert response["Content-Type"] == "text/javascript"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/static/apps/demo/1.0.0/../../../../etc/passwd").status_code == 404


def test_unknown_client_routes_render_the_shell_with_status_404(client):
    deploy((manifest(), files()))
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content
    assert b'<script type="importmap" nonce=' in response.content


def test_the_page_config_is_computed_once_per_revision(django_assert_num_queries, client):
    deploy((manifest(), files()))
    client.get("/demo")
    with django_assert_num_queries(1):  # only: which revision is current
        client.get("/demo")


# --- Hardening ---------------------------------------------------------------------------


def test_manifest_text_cannot_break_out_of_the_inline_scripts(client):
    deploy(
        (
            manifest(config={"note": "<!--<script>", "x": "</script><script>alert(1)</script>"}),
            files(),
        )
    )
    html = client.get("/demo").content.decode()
    head = html[: html.index("</head>")]
    assert "<!--<script>" not in head and "alert(1)</script>" not in head
    assert head.count("<script") == head.count("</script>")
    config = json.loads(html.split('id="bazaar-config">')[1].split("</script>")[0])
    assert config["apps"][0]["config"]["note"] == "<!--<script>"


@pytest.mark.parametrize("name", ["root-config", "platform"])
def test_an_app_cannot_take_over_a_shared_module(name):
    with pytest.raises(ManifestError, match="reserved for the shell"):
        bundle_from_data(manifest(name), files())


def test_an_import_cannot_shadow_the_platform():
    with pytest.raises(ManifestError, match="reserved"):
        bundle_from_data(
            manifest("platform", imports={"@bazaar/platform/x": "src/main.js"}), files()
        )


def test_two_scopes_cannot_share_a_short_name_and_the_live_files_stay_intact(settings):
    deploy((manifest("catalog"), files()))
    live = settings.PUBLISH_ROOT / "catalog" / "1.0.0" / "src" / "main.js"
    before = live.read_bytes()
    other = manifest("catalog") | {"name": "@other/catalog"}
    with pytest.raises(ManifestError, match="taken by @bazaar/catalog"):
        deploy((other, files(entry=b"export const evil = 1;")))
    assert live.read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        "src/a\x00.js",
        "src/.hidden.js",
        "src/../x.js",
        "lib/x.js",
        "src//x.js",
        "src/x y.js",
        "src/x.js\n",
        "src/\u00e9t\u00e9.js",
        "src/x\u0663.js",
    ],
)
def test_a_bad_file_path_is_refused_with_a_4xx_message(path):
    with pytest.raises(ManifestError, match="files:"):
        bundle_from_data(manifest(), {**files(), path: b"x"})


def test_a_file_that_is_also_a_folder_is_refused():
    with pytest.raises(ManifestError, match="both a file and a folder"):
        bundle_from_data(manifest(), {**files(), "src/x": b"", "src/x/y.js": b""})


def test_rolling_back_repeatedly_walks_back_through_the_versions():
    for version, body in [("1.0.0", b"1"), ("2.0.0", b"2"), ("3.0.0", b"3")]:
        deploy((manifest(version=version), files(entry=b"export const v = " + body + b";")))
    versions = [
        services.release_rollback(name="@bazaar/demo", actor="ops").releases.get().version
        for _ in range(2)
    ]
    assert versions == ["2.0.0", "1.0.0"]
    with pytest.raises(errors.RegistryNotFound, match="no earlier release"):
        services.release_rollback(name="@bazaar/demo", actor="ops")


def test_a_recreated_registry_never_serves_a_cached_import_map():
    deploy((manifest(version="1.0.0"), files()))
    assert "1.0.0" in current_page_config().importmap["imports"]["@bazaar/demo"]
    Revision.objects.all().delete()  # the registry database recreated under a running process
    deploy((manifest(version="2.0.0"), files(entry=b"export const two = 2;")))
    assert current_page_config().revision == 1
    assert "2.0.0" in current_page_config().importmap["imports"]["@bazaar/demo"]


def test_the_rollback_api_needs_no_body(client):
    for version, body in [("1.0.0", b"1"), ("1.0.1", b"2")]:
        deploy((manifest(version=version), files(entry=b"export const v = " + body + b";")))
    response = client.post("/api/registry/apps/demo/rollback", **AUTH)
    assert response.status_code == 200, response.content
    assert response.json()["releases"] == {"@bazaar/demo": "1.0.0"}


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/..@1.0.0/package.json",
        "/static/vendor/.@x/a",
        "/static/vendor/left-pad@1.0.0/index.js",
    ],
)
def test_only_shared_npm_packages_are_served(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/registry/nope", "/bff/catalog/api/nope", "/bff/nobody/api/x"]
)
def test_unknown_api_paths_answer_the_json_error_shape(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
