"""Static files through WhiteNoise: compressed, immutable where versioned, never by cookie."""

from __future__ import annotations

import os
import re

import brotli
import pytest
from django.test import Client

from shell.page.static_files import compress
from shell.registry import services
from shell.registry.bundles import bundle_from_data
from shell.registry.integrity import sri
from shell.registry.selectors import current_page_config
from shell.registry.shared_modules import shared_modules
from shell.testing.factories import COMPRESSIBLE_MODULE as MODULE
from shell.testing.factories import ENTRY_JS, files, manifest

pytestmark = pytest.mark.django_db


def deploy(*bundles):
    return services.release_deploy(
        bundles=[bundle_from_data(m, f) for m, f in bundles], actor="test"
    )


def body(response) -> bytes:
    return response.getvalue()


def test_a_published_module_is_sent_compressed_immutable_and_not_by_cookie(client):
    deploy((manifest(), files(entry=MODULE)))
    url = "/static/apps/demo/1.0.0/src/main.js"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br", HTTP_COOKIE="sessionid=x")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(body(response)) == MODULE
    assert "immutable" in response["Cache-Control"]
    assert response["Vary"] == "Accept-Encoding"  # never Cookie: shared caches may keep it
    assert response["Content-Type"] == "text/javascript"
    assert response["X-Content-Type-Options"] == "nosniff"
    plain = client.get(url)
    assert "Content-Encoding" not in plain and body(plain) == MODULE
    # The integrity the page checks is the uncompressed file's: here, the module built from it.
    built = current_page_config().importmap["imports"]["@bazaar/demo"]
    response = client.get(built, HTTP_ACCEPT_ENCODING="br")
    content = brotli.decompress(body(response))
    assert b"hello from a module" in content
    assert current_page_config().importmap["integrity"][built] == sri(content)


def test_the_shells_assets_revalidate(client):
    response = client.get("/static/shell/root-config.js", HTTP_ACCEPT_ENCODING="br")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_a_compressed_copy_older_than_its_file_is_not_sent(tmp_path, settings, client):
    deploy((manifest(), files(entry=MODULE)))
    source = settings.PUBLISH_ROOT / "demo" / "1.0.0" / "src" / "main.js"
    copy = source.with_name("main.js.br")
    assert copy.exists()
    os.utime(copy, (1, 1))  # as if the file had been edited after it was compressed
    response = Client(HTTP_HOST="127.0.0.1").get(
        "/static/apps/demo/1.0.0/src/main.js", HTTP_ACCEPT_ENCODING="br"
    )
    assert response.get("Content-Encoding") != "br"


def test_compress_skips_what_does_not_shrink(tmp_path):
    tiny = tmp_path / "tiny.js"
    tiny.write_bytes(b"export {};")
    text = tmp_path / "big.js"
    text.write_bytes(MODULE)
    assert compress([tiny, text]) >= 1
    assert (tmp_path / "big.js.br").exists()
    assert not (tmp_path / "tiny.js.br").exists()


def test_an_unknown_static_url_is_a_404(client):
    assert client.get("/static/shell/nope.js").status_code == 404
    assert client.get("/static/apps/demo/9.9.9/src/main.js").status_code == 404


PARCEL = b"export async function mount() {}\nexport async function unmount() {}\n"


def test_a_route_preloads_the_shell_its_apps_bundle_and_the_parcels(client):
    shared = b"export const shared = " + b'"a chunk both entry points import " + ' * 20 + b'"";\n'
    uses_shared = b'import { shared } from "./shared.js";\nconsole.log(shared);\n'
    deploy(
        (manifest(), files({"src/views/list.js": MODULE})),
        (
            manifest(
                slug="other",
                mountPoints={
                    "header-right": [
                        {"module": "src/parcel.js", "label": "P"},
                        {"module": "src/mine.js", "label": "Mine", "signedIn": True},
                    ]
                },
            ),
            # Both entry points import shared.js: esbuild puts it in a chunk of its own.
            files(
                {
                    "src/parcel.js": uses_shared + PARCEL,
                    "src/shared.js": shared,
                    "src/mine.js": PARCEL,
                },
                entry=uses_shared + ENTRY_JS,
            ),
        ),
    )
    page = client.get("/demo").content.decode()
    integrity = current_page_config().importmap["integrity"]
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)" integrity="([^"]+)">', page)
    assert all(integrity[url] == digest for url, digest in preloaded)
    urls = [url for url, _ in preloaded]
    shell = shared_modules().imports
    for url in [
        "/static/apps/demo/1.0.0/build/main.js",
        "/static/apps/other/1.0.0/build/parcel.js",  # a mount point's parcel: on every page
        shell["@bazaar/root-config"],
        shell["@bazaar/platform"],
    ]:
        assert url in urls
    assert [url for url in urls if url.startswith("/static/apps/other/1.0.0/build/chunks/")]
    assert not [url for url in urls if url.startswith("/static/apps/other/1.0.0/build/main")]
    assert not [url for url in urls if "/src/" in url]  # the sources a build replaced
    assert "/static/apps/other/1.0.0/build/mine.js" not in urls  # for signed-in users only


def test_unbundled_a_route_preloads_every_module_of_its_app(client, unbundled):
    deploy((manifest(), files({"src/views/list.js": MODULE})))
    page = client.get("/demo").content.decode()
    for url in ["/static/apps/demo/1.0.0/src/main.js", "/static/apps/demo/1.0.0/src/views/list.js"]:
        assert f'<link rel="modulepreload" href="{url}"' in page


def test_a_page_preloads_the_reads_its_app_declared_for_that_path(client):
    deploy(
        (
            manifest(
                routes=[{"path": "/demo"}],
                preload=[
                    {"path": "/demo", "get": "/items?sort=new&page_size=8"},
                    {"path": "/demo/p/:id", "get": "/items/:id"},
                ],
            ),
            files(),
        )
    )
    fetched = r'<link rel="preload" as="fetch" crossorigin href="([^"]+)">'

    def preloaded(path):
        return re.findall(fetched, client.get(path).content.decode())

    assert preloaded("/demo") == ["/bff/demo/api/items?sort=new&amp;page_size=8"]
    assert preloaded("/demo/p/lamp-7") == ["/bff/demo/api/items/lamp-7"]
    page = client.get("/demo/p/lamp-7").content.decode()
    # Before the modules: the answer is on its way while they load.
    assert page.index('rel="preload" as="fetch"') < page.index('rel="modulepreload"')
    assert preloaded("/demo/p/lamp-7/reviews") == []  # exactly the declared path
    assert preloaded("/demo/p/a%20b") == []  # a value the browser would spell otherwise
    assert preloaded("/nowhere") == []


def test_parcels_below_the_fold_are_not_preloaded(client):
    deploy(
        (
            manifest(
                mountPoints={
                    "footer": [{"module": "src/footer.js", "label": "F"}],
                    "header-right": [{"module": "src/head.js", "label": "H"}],
                }
            ),
            files({"src/footer.js": PARCEL, "src/head.js": PARCEL}),
        )
    )
    page = client.get("/demo").content.decode()
    assert "/static/apps/demo/1.0.0/build/head.js" in page
    assert '<link rel="modulepreload" href="/static/apps/demo/1.0.0/build/footer.js"' not in page
    assert current_page_config().config_json.count('"footer"') >= 1


@pytest.mark.parametrize("path", ["/outbox", "/no-app-here", "/demo"])
def test_every_page_carries_its_preloads_as_markup_not_text(client, path):
    deploy((manifest(preload=[{"path": "/demo", "get": "/items"}]), files()))
    page = client.get(path).content.decode()
    assert '<link rel="modulepreload"' in page
    assert "&lt;link" not in page
