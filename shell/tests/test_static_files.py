"""Static files through WhiteNoise: compressed, immutable where versioned, never by cookie."""

from __future__ import annotations

import os

import brotli
import pytest
from django.test import Client

from shell import services
from shell.selectors import current_page_config
from shell.static_files import compress
from shell.tests.factories import files, manifest

pytestmark = pytest.mark.django_db

MODULE = (
    b"export const greeting = "
    + b'"hello from a module that is long enough to compress " + ' * 20
    + b'"";\n'
)


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def deploy(*bundles):
    return services.release_deploy(
        bundles=[services.bundle_from_data(m, f) for m, f in bundles], actor="test"
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
    # The integrity the page checks is the uncompressed file's.
    assert current_page_config().importmap["integrity"][url] == services.sri(MODULE)


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


def test_a_route_preloads_the_shell_and_every_module_of_its_app(client):
    deploy(
        (manifest(), files({"src/views/list.js": MODULE})),
        (manifest(slug="other"), files({"src/other.js": MODULE})),
    )
    page = client.get("/demo").content.decode()
    integrity = current_page_config().importmap["integrity"]
    for url in [
        "/static/apps/demo/1.0.0/src/main.js",
        "/static/apps/demo/1.0.0/src/views/list.js",
        "/static/shell/root-config.js",
        "/static/shell/platform/outbox.js",
    ]:
        assert f'<link rel="modulepreload" href="{url}" integrity="{integrity[url]}">' in page
    assert '<link rel="modulepreload" href="/static/apps/other/' not in page  # not this route's
