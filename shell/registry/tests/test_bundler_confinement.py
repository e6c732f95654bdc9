"""The deploy-time bundler reads nothing but the files a deploy sends: esbuild follows a
module's ``//# sourceMappingURL=`` comment (also ``//@`` and ``/*# … */``) to whatever file it
names, and a ``tsconfig.json``'s ``extends`` to any JSON file, and would publish what it read
there (a server file's fields in the ``.map``, an existence oracle, or ``/dev/zero`` read until
the machine runs out of memory). Each deploy here goes through the real registry API and the
real esbuild, bounded by a timeout."""

from __future__ import annotations

import json

import pytest

from shell.registry.models import Release
from shell.testing.factories import ENTRY_JS, post_release

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}
SECRET = "hunter2-d41d8cd9"
SECRET_NAME = "hunter2_d41d8cd9"  # one a JavaScript name may be
MODULE = ENTRY_JS.decode() + 'export const greeting = "hello";\n'


@pytest.fixture
def secret(tmp_path):
    """A server file a deploy must never read: a valid source map whose every field is secret
    (esbuild copies a map's ``sources`` and ``names`` into the one it writes)."""
    path = tmp_path / "secret.json"
    path.write_text(
        json.dumps(
            {
                "version": 3,
                "file": f"{SECRET}-file",
                "sources": [f"{SECRET}-source.js"],
                "sourcesContent": [f"{SECRET} content"],
                "names": [f"{SECRET}_name"],
                "mappings": "AAAA;AACA,AACA",
                "password": SECRET,
                "compilerOptions": {"jsxFactory": SECRET_NAME},
            }
        )
    )
    return path


def comments(secret) -> dict[str, str]:
    up = "../" * 40  # from the build's temporary folder up to /, whatever its depth
    return {
        "absolute": f"//# sourceMappingURL={secret}",
        "old syntax": f"//@ sourceMappingURL={secret}",
        "block comment": f"/*# sourceMappingURL={secret} */",
        "block comment, old syntax": f"/*@ sourceMappingURL={secret}*/",
        "relative": f"//# sourceMappingURL={up}{str(secret).lstrip('/')}",
        "file URL": f"//# sourceMappingURL=file://{secret}",
        "file URL, percent-encoded": "//# sourceMappingURL=file://"
        + str(secret).replace(".json", "%2Ejson"),
        "with a query": f"//# sourceMappingURL={secret}?v=1",
        "missing file": f"//# sourceMappingURL={secret.parent / 'nothing-here.json'}",
    }


def published(settings, version: str, path: str) -> str:
    return (settings.PUBLISH_ROOT / "demo" / version / path).read_text()


@pytest.mark.timeout(60)
def test_a_source_map_comment_naming_a_server_file_is_not_followed(client, settings, secret):
    outcomes = {}
    for i, (name, comment) in enumerate(comments(secret).items()):
        version = f"1.0.{i}"
        response = post_release(client, {"src/main.js": MODULE + comment + "\n"}, version=version)
        assert response.status_code == 201, (name, response.json())
        source_map = published(settings, version, "build/main.js.map")
        built = published(settings, version, "build/main.js")
        assert SECRET not in source_map + built, name
        assert json.loads(source_map)["sources"] == ["../src/main.js"], name
        outcomes[name] = built
    # A file that is there and one that is not: the same build, nothing to tell them apart.
    assert len(set(outcomes.values())) == 1
    # The sources are published as they were sent.
    assert published(settings, "1.0.0", "src/main.js").endswith(f"sourceMappingURL={secret}\n")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "comment",
    [
        "//# sourceMappingURL=/dev/zero",
        "//@ sourceMappingURL=/dev/zero",
        "/*# sourceMappingURL=/dev/zero */",
        "//# sourceMappingURL=file:///dev/zero",
        "//# sourceMappingURL=/dev/stdin",
    ],
)
def test_a_source_map_comment_naming_an_endless_file_does_not_hang_the_deploy(
    client, settings, comment
):
    response = post_release(client, {"src/main.js": MODULE + comment + "\n"})
    assert response.status_code == 201, response.json()
    source_map = json.loads(published(settings, "1.0.0", "build/main.js.map"))
    assert source_map["sources"] == ["../src/main.js"]


@pytest.mark.timeout(60)
def test_a_source_map_sent_in_the_same_deploy_is_kept(client, settings):
    """A team that compiles (TypeScript, say) and sends its maps keeps them: the published map
    leads back to their own sources."""
    compiled = MODULE + "//# sourceMappingURL=maps/main.js.map\n"
    their_map = {
        "version": 3,
        "sources": ["../../ts/main.ts"],
        "names": [],
        "mappings": "AAAA;AACA;AACA;AACA",
    }
    response = post_release(
        client, {"src/main.js": compiled, "src/maps/main.js.map": json.dumps(their_map)}
    )
    assert response.status_code == 201, response.json()
    source_map = json.loads(published(settings, "1.0.0", "build/main.js.map"))
    assert source_map["sources"] == ["../ts/main.ts"]


@pytest.mark.timeout(60)
def test_a_tsconfig_sent_cannot_make_the_build_read_a_server_file(client, settings, secret):
    files = {
        "src/main.js": 'export { view } from "./view.jsx";\n' + MODULE,
        "src/view.jsx": "export const view = () => <div>hi</div>;\n",
        "src/tsconfig.json": json.dumps({"extends": str(secret)}),
    }
    response = post_release(client, files)
    assert response.status_code == 201, response.json()
    built = published(settings, "1.0.0", "build/main.js")
    assert SECRET_NAME not in built and "createElement" in built  # JSX as esbuild defaults it


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/dev/zero", "files: bundling needed more than 4096 MiB of memory"),
        ("/dev/stdin", "not a file of the app"),  # read as empty, never waited on
    ],
)
def test_an_import_of_an_endless_file_is_refused_without_exhausting_the_machine(
    client, settings, path, message
):
    response = post_release(client, {"src/main.js": f'import "{path}";\n' + MODULE})
    assert response.status_code == 422, response.json()
    detail = response.json()["detail"]
    assert detail.startswith("files: ") and message in detail, detail
    assert "runtime" not in detail and "goroutine" not in detail  # no Go stack trace
    assert Release.objects.count() == 0
    assert not (settings.PUBLISH_ROOT / "demo").exists()
