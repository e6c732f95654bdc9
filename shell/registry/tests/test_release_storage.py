"""Deployed versions go through the release storage: a folder (shared by the replicas) where a
version appears by one rename, or any other Django storage (here an in-memory one, standing for
an object store) where the marker is written last; both serve every version they hold."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import brotli
import pytest
from django.core.files.base import ContentFile
from django.test import Client

from shell.page.handler import BazaarASGIHandler
from shell.registry import errors, imd, release_storage, services
from shell.registry.bundles import bundle_from_data
from shell.registry.integrity import sri
from shell.registry.models import Release, Revision
from shell.registry.release_storage import ALIAS, ReleaseFolderStorage, VersionTaken
from shell.registry.selectors import current_page_config
from shell.testing.asgi import fetch
from shell.testing.factories import COMPRESSIBLE_MODULE as MODULE
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def shared_folder(settings, tmp_path):
    """Releases in a folder of their own, as the replicas would share one."""
    folder = tmp_path / "shared"
    settings.STORAGES = {
        **settings.STORAGES,
        ALIAS: {
            "BACKEND": "shell.registry.release_storage.ReleaseFolderStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture
def object_store(settings):
    """Releases in a storage with no local files and no rename (changing STORAGES resets the
    storage release_storage keeps)."""
    settings.STORAGES = {
        **settings.STORAGES,
        ALIAS: {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return release_storage.releases()


@pytest.fixture(params=["shared folder", "object store"])
def storage(request):
    return request.getfixturevalue(request.param.replace(" ", "_"))


def deploy(*bundles):
    return services.release_deploy(
        bundles=[bundle_from_data(m, f) for m, f in bundles], actor="test"
    )


def publish(digest: str, content: bytes = b"export {};") -> bool:
    return release_storage.publish_version(
        slug="demo", version="1.0.0", files={"src/main.js": content}, digest=digest
    )


def test_without_a_configured_storage_releases_go_to_a_folder_at_the_publish_root(settings):
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != ALIAS}
    storage = release_storage.releases()
    assert isinstance(storage, ReleaseFolderStorage)
    assert storage.location == str(settings.PUBLISH_ROOT)


def _releases_storage_in_a_new_process(**env: str) -> subprocess.CompletedProcess:
    """What the settings make of the environment, in a process of its own (they are read
    once, at start-up)."""
    code = (
        "import django; django.setup();"
        "from shell.registry import release_storage; s = release_storage.releases();"
        "print(type(s).__module__ + '.' + type(s).__name__, s.base_url)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "BAZAAR_ENV": "dev", "DJANGO_SETTINGS_MODULE": "shell.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_environment_chooses_the_release_storage_and_its_options():
    """``BAZAAR_RELEASES_STORAGE`` names any Django storage (an object store's, in a real
    deployment), ``BAZAAR_RELEASES_STORAGE_OPTIONS`` its options as JSON."""
    chosen = _releases_storage_in_a_new_process(
        BAZAAR_RELEASES_STORAGE="django.core.files.storage.InMemoryStorage",
        BAZAAR_RELEASES_STORAGE_OPTIONS='{"base_url": "/releases/"}',
    )
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.split() == [
        "django.core.files.storage.memory.InMemoryStorage",
        "/releases/",
    ]


def test_options_that_are_not_json_stop_the_start_with_a_clear_error():
    refused = _releases_storage_in_a_new_process(BAZAAR_RELEASES_STORAGE_OPTIONS="{bucket: x}")
    assert refused.returncode != 0
    assert "ImproperlyConfigured: BAZAAR_RELEASES_STORAGE_OPTIONS is not JSON" in refused.stderr


def test_a_version_in_a_shared_folder_appears_whole_and_is_served_from_disk(
    shared_folder, client, settings
):
    deploy((manifest(), files(entry=MODULE)))
    version = shared_folder / "demo" / "1.0.0"
    assert (version / ".digest").read_text() == Release.objects.get().digest
    assert (version / "src" / "main.js").read_bytes() == MODULE
    assert [p.name for p in (shared_folder / "demo").iterdir()] == ["1.0.0"]  # no staging left
    assert not settings.PUBLISH_ROOT.exists()
    name = "demo/1.0.0/src/main.js"
    assert release_storage.local_path(name) == version / "src" / "main.js"
    response = client.get(f"/static/apps/{name}", HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.getvalue()) == MODULE


def test_a_version_in_an_object_store_is_served_from_it_as_a_published_file(
    object_store, client, settings
):
    deploy((manifest(), files(entry=MODULE)))
    assert not settings.PUBLISH_ROOT.exists()  # nothing on this machine's disk
    assert release_storage.local_path("demo/1.0.0/src/main.js") is None
    importmap = current_page_config().importmap
    entry = importmap["imports"]["@bazaar/demo"]

    response = client.get(entry)
    assert response.status_code == 200
    content = response.getvalue()
    assert sri(content) == importmap["integrity"][entry]
    assert response["Content-Type"] == "text/javascript"
    assert "immutable" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response
    etag = response["ETag"]

    compressed = client.get(entry, HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "br"
    assert compressed["Vary"] == "Accept-Encoding"
    assert brotli.decompress(compressed.getvalue()) == content
    assert compressed["ETag"] == etag
    assert client.get(entry, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/static/apps/demo/1.0.0/src/main.js").getvalue() == MODULE


def test_every_replica_gives_a_file_of_an_object_store_the_same_etag(object_store):
    deploy((manifest(), files(entry=MODULE)))
    url = "/static/apps/demo/1.0.0/src/main.js"
    etags = {Client(HTTP_HOST="127.0.0.1").get(url)["ETag"] for _ in range(2)}
    assert len(etags) == 1


def test_the_event_loop_never_waits_on_an_object_store(object_store, monkeypatch):
    """The ASGI handler answers static files in the event loop; one in an object store goes
    to a worker thread instead (through the middleware), as every storage call may block."""
    deploy((manifest(), files(entry=MODULE)))
    calls_in_the_loop = []
    for name in ["version_digest", "stored_size", "open_file"]:
        real = getattr(release_storage, name)

        def observed(*args, real=real, **kwargs):
            try:
                asyncio.get_running_loop()
                calls_in_the_loop.append(real.__name__)
            except RuntimeError:
                pass
            return real(*args, **kwargs)

        monkeypatch.setattr(release_storage, name, observed)
    status, headers = fetch(BazaarASGIHandler(), "/static/apps/demo/1.0.0/src/main.js")
    assert status == 200 and headers["content-type"] == ["text/javascript"]
    assert calls_in_the_loop == []


def test_a_large_file_of_an_object_store_is_streamed_and_answers_ranges(object_store, client):
    wasm = random.Random(0).randbytes(300_000)  # more than is sent as one body; incompressible
    deploy((manifest(), files({"src/engine.wasm": wasm})))
    url = "/static/apps/demo/1.0.0/src/engine.wasm"
    response = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert response.streaming
    assert b"".join(response.streaming_content) == wasm
    assert response["Content-Type"] == "application/wasm"
    assert response["Content-Length"] == str(len(wasm))
    assert "Content-Encoding" not in response
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part.getvalue() == wasm[10:20]


def test_a_version_without_its_marker_is_not_served(object_store, client):
    object_store.save("demo/1.0.0/src/main.js", ContentFile(MODULE))
    assert release_storage.version_digest("demo", "1.0.0") is None
    assert client.get("/static/apps/demo/1.0.0/src/main.js").status_code == 404
    with pytest.raises(FileNotFoundError):
        release_storage.read_version_files("demo", "1.0.0")


def test_what_a_publish_that_died_left_behind_is_replaced_by_the_next_one(object_store, client):
    object_store.save("demo/1.0.0/src/main.js", ContentFile(b"export const half = 1;"))
    object_store.save("demo/1.0.0/src/stale.js", ContentFile(b"export const stale = 1;"))
    deploy((manifest(), files(entry=MODULE)))
    assert client.get("/static/apps/demo/1.0.0/src/main.js").getvalue() == MODULE
    assert client.get("/static/apps/demo/1.0.0/src/stale.js").status_code == 404
    assert not object_store.exists("demo/1.0.0/src/stale.js")


def test_publishing_a_version_again_changes_nothing_with_its_content_and_is_refused_with_other(
    storage,
):
    assert publish("digest-a") is True
    assert publish("digest-a") is False
    with pytest.raises(VersionTaken):
        publish("digest-b", b"export const other = 1;")
    assert release_storage.version_digest("demo", "1.0.0") == "digest-a"
    assert release_storage.read_version_files("demo", "1.0.0") == {"src/main.js": b"export {};"}


def test_a_version_published_with_other_content_is_a_registry_conflict(storage):
    deploy((manifest(), files()))
    Revision.objects.all().delete()
    Release.objects.all().delete()  # (the registry database was recreated since)
    with pytest.raises(errors.RegistryConflict, match="already published with other content"):
        deploy((manifest(), files(entry=MODULE)))
    assert release_storage.read_version_files("demo", "1.0.0", under="src") == files()


def test_of_two_publishes_of_a_version_at_once_with_other_content_one_backs_off(
    object_store, monkeypatch
):
    real_write = release_storage._write
    raced = []

    def write_racing_another_replica(storage, name, content):
        if not raced:
            raced.append(True)
            with pytest.raises(VersionTaken):  # it sees the first one's claim
                publish("digest-b", b"export const other = 1;")
        real_write(storage, name, content)

    monkeypatch.setattr(release_storage, "_write", write_racing_another_replica)
    assert publish("digest-a") is True
    assert release_storage.version_digest("demo", "1.0.0") == "digest-a"
    assert release_storage.read_version_files("demo", "1.0.0") == {"src/main.js": b"export {};"}
    assert not [n for n in object_store.listdir("demo/1.0.0")[1] if n.startswith(".claim-")]


def test_two_publishes_of_a_version_at_once_with_the_same_content_both_succeed_once(
    object_store, monkeypatch
):
    real_write = release_storage._write
    raced, inner = [], []

    def write_racing_another_replica(storage, name, content):
        if not raced:
            raced.append(True)
            inner.append(publish("digest-a"))
        real_write(storage, name, content)

    monkeypatch.setattr(release_storage, "_write", write_racing_another_replica)
    assert [publish("digest-a"), *inner] == [False, True]  # one of them made it
    assert release_storage.version_digest("demo", "1.0.0") == "digest-a"
    assert release_storage.read_version_files("demo", "1.0.0") == {"src/main.js": b"export {};"}


def test_a_claim_on_a_version_blocks_other_content_until_it_is_stale(object_store, monkeypatch):
    object_store.save(f"demo/1.0.0/.claim-digest-b-{'0' * 32}", ContentFile(b""))
    with pytest.raises(VersionTaken):
        publish("digest-a")
    assert release_storage.version_digest("demo", "1.0.0") is None
    monkeypatch.setattr(release_storage, "CLAIM_TIMEOUT", timedelta(0))  # that publish died
    assert publish("digest-a") is True
    assert object_store.listdir("demo/1.0.0")[1] == [".digest"]  # (no compressed copies)


def test_a_deploy_refused_after_publishing_takes_its_version_back_from_the_object_store(
    object_store,
):
    object_store.save("orders/1.0.0/src/main.js", ContentFile(b"export const foreign = 1;"))
    object_store.save("orders/1.0.0/.digest", ContentFile(b"not this release"))
    with pytest.raises(errors.RegistryConflict):
        deploy((manifest("cart"), files()), (manifest("orders"), files()))
    assert release_storage.version_digest("cart", "1.0.0") is None
    assert not object_store.exists("cart/1.0.0/src/main.js")
    assert release_storage.version_digest("orders", "1.0.0") == "not this release"


def test_published_sources_are_read_back_from_the_object_store_without_compressed_copies(
    object_store,
):
    deploy((manifest(), files({"src/view.js": MODULE})))
    assert object_store.exists("demo/1.0.0/src/view.js.br")
    release = Release.objects.get()
    assert imd.published_sources(release) == files({"src/view.js": MODULE})
