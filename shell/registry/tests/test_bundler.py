"""Deploy-time bundling with esbuild: one module per entry point, shared code in chunks, the
platform and shared modules left to the import map, and modules that cannot load refused."""

from __future__ import annotations

import json

import pytest

from shell.registry.models import Release, Revision
from shell.registry.selectors import current_page_config
from shell.testing.factories import ENTRY_JS, post_release

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}
USES_PLATFORM = (
    'import { bus } from "@bazaar/platform";\n'
    'import { html } from "htm/preact";\n'
    'import { label } from "./parts/label.js";\n'
    "export async function mount() { bus.publish('x', html`<b>${label(1)}</b>`); }\n"
    "export async function unmount() {}\n"
)


LABEL = 'export function label(n) { return "Hi " + n; }\n'


def test_relative_imports_are_bundled_and_the_import_map_ones_stay_imports(client, settings):
    response = post_release(
        client,
        {"src/main.js": USES_PLATFORM, "src/parts/label.js": LABEL},
    )
    assert response.status_code == 201, response.json()
    built = (settings.PUBLISH_ROOT / "demo/1.0.0/build/main.js").read_text()
    assert '"Hi "' in built and "./parts/label.js" not in built  # bundled in
    assert '"@bazaar/platform"' in built and '"htm/preact"' in built  # one shared copy
    # The source map points at the sources, published beside the build.
    source_map = json.loads((settings.PUBLISH_ROOT / "demo/1.0.0/build/main.js.map").read_text())
    assert set(source_map["sources"]) == {"../src/main.js", "../src/parts/label.js"}
    assert client.get("/static/apps/demo/1.0.0/src/parts/label.js").status_code == 200


def test_each_entry_point_is_built_and_what_they_share_is_one_chunk(client):
    shared = 'export const money = (n) => "€" + n.toFixed(2);\n'
    uses = 'import { money } from "./money.js";\nconsole.log(money(1));\n'
    response = post_release(
        client,
        {
            "src/main.js": uses + ENTRY_JS.decode(),
            "src/parcel.js": uses + "export async function mount() {}\n",
            "src/money.js": shared,
        },
        mountPoints={"header-right": [{"module": "src/parcel.js", "label": "Price"}]},
    )
    assert response.status_code == 201, response.json()
    release = Release.objects.get()
    assert release.build["entries"] == {
        "src/main.js": "build/main.js",
        "src/parcel.js": "build/parcel.js",
    }
    [chunk] = release.build["imports"]["build/main.js"]
    assert release.build["imports"]["build/parcel.js"] == [chunk]
    assert chunk.startswith("build/chunks/")
    config = current_page_config()
    [item] = config.mount_points["header-right"]
    assert item["module"] == "/static/apps/demo/1.0.0/build/parcel.js"
    assert config.importmap["integrity"]["/static/apps/demo/1.0.0/" + chunk].startswith("sha384-")


def test_a_build_may_read_only_the_files_sent(client, settings, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"password": "hunter2"}')
    broken = tmp_path / "broken.js"
    broken.write_text("const password = 'hunter2' +;\n")
    for source in (
        f'import s from "{secret}";\nconsole.log(s);\n',
        f'import s from "../../../../../../..{secret}";\nconsole.log(s);\n',
        f'import "{broken}";\n',
    ):
        response = post_release(client, {"src/main.js": source + ENTRY_JS.decode()})
        assert response.status_code == 422, response.json()
        assert "hunter2" not in json.dumps(response.json())
        assert "not a file of the app" in response.json()["detail"]
    assert Release.objects.count() == 0
    assert not (settings.PUBLISH_ROOT / "demo").exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"src/main.js": "export async function mount( {"}, "src/main.js:1:"),
        (
            {"src/main.js": 'import "./nowhere.js";\n' + ENTRY_JS.decode()},
            'src/main.js:1:7: Could not resolve "./nowhere.js"',
        ),
    ],
    ids=["does not parse", "imports a file that is not published"],
)
def test_modules_that_cannot_load_are_refused_naming_the_problem(client, settings, files, message):
    response = post_release(client, files)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("files: the modules cannot be bundled: ") and message in detail
    assert Revision.objects.count() == 0 and Release.objects.count() == 0
    assert not (settings.PUBLISH_ROOT / "demo").exists()
