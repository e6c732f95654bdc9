"""A request whose ``Host`` is not one of ``ALLOWED_HOSTS`` answers 400 on every BFF, in the
APIs' one error shape (``detail`` and ``code``), never a 500 or a page: whatever the operation
(even one that builds absolute URLs from the host, as the catalog's product listing does) and
however the BFF is served, by the shell (its BFFs take the short chain
``BAZAAR_BFF_MIDDLEWARE``) or alone (``bazaar.bff_settings``).

Real daphne processes, real HTTP. The BFFs and their operations come from the folder
``bffs/`` and each BFF's own OpenAPI document, so a new BFF is covered without an edit here.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import urllib.error
import urllib.request

import pytest

from bazaar.discovery import discover_bffs
from tests.live import ROOT, LiveServer, _serve, free_port

BFFS = discover_bffs(ROOT / "bffs")
BAD_HOSTS = ["evil.example", "evil.example:8000"]
BODY_METHODS = {"post", "put", "patch", "delete"}


def request(url: str, path: str, method: str = "GET", host: str | None = None):
    """``(status, content type, body)`` of one request (``Host`` as given, else the URL's)."""
    headers = {"Accept": "application/json"}
    data = None
    if method.lower() in BODY_METHODS:
        headers["Content-Type"] = "application/json"
        data = b"{}"
    if host is not None:
        headers["Host"] = host
    sent = urllib.request.Request(url + path, method=method.upper(), data=data, headers=headers)
    try:
        with urllib.request.urlopen(sent, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def operations(url: str, bff: str) -> list[tuple[str, str]]:
    """``(method, path)`` of every operation in the BFF's OpenAPI document (read with a good
    host), path parameters filled in, and the API's own pages."""
    status, _, body = request(url, f"/bff/{bff}/api/openapi.json")
    assert status == 200, body
    found = [("get", f"/bff/{bff}/api/openapi.json"), ("get", f"/bff/{bff}/api/docs")]
    for path, item in json.loads(body)["paths"].items():
        for method in item:
            found.append((method, re.sub(r"\{[^}]+\}", "x", path)))
    assert len(found) > 2, f"the {bff} BFF declares no operation"
    return found


def wrong_answer(url: str, method: str, path: str, host: str) -> str | None:
    """None when ``method path`` with ``Host: host`` answers the APIs' JSON 400, else what
    it answered."""
    status, content_type, body = request(url, path, method, host=host)
    answer = f"{method.upper()} {path}: {status} {content_type} {body[:120]!r}"
    if status != 400 or not content_type.startswith("application/json"):
        return answer
    error = json.loads(body)
    if error.get("code") != "bad_host" or not isinstance(error.get("detail"), str):
        return answer
    if not set(error) <= {"detail", "code", "errors"}:  # the one error shape
        return answer
    if host.split(":")[0] in body.decode():  # nothing of the request echoed
        return answer
    return None


def assert_refused(url: str, paths: list[tuple[str, str]], host: str) -> None:
    wrong = [answer for m, p in paths if (answer := wrong_answer(url, m, p, host))]
    assert not wrong, f"with Host: {host}, not the JSON 400:\n" + "\n".join(wrong)


# --- the shell serving every BFF (the embedded mode) -------------------------------------


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("bff", BFFS)
def test_a_bff_in_the_shell_refuses_a_host_it_does_not_serve(bazaar: LiveServer, bff, host):
    assert_refused(bazaar.url, operations(bazaar.url, bff), host)


def test_the_catalog_still_answers_its_own_host(bazaar: LiveServer):
    """The control: the listing that builds absolute image URLs from the host."""
    status, _, body = request(bazaar.url, "/bff/catalog/api/products")
    assert status == 200, body
    assert json.loads(body)["items"][0]["image_url"].startswith(bazaar.url)


# --- each BFF served alone (the distributed mode's processes) ------------------------------


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, str]:
    """Every BFF in a daphne of its own (``bazaar.bff_asgi``), as the distributed mode runs
    it, on SQLite files of its own (migrated and seeded as the stack does): its URL by name."""
    data_dir = tmp_path_factory.mktemp("bffs-alone")
    servers: list[LiveServer] = []

    def serve(bff: str) -> tuple[str, str]:
        port = free_port()
        env = {
            **os.environ,
            "BAZAAR_ENV": "dev",
            "BAZAAR_BFF": bff,
            "BAZAAR_DATA_DIR": str(data_dir / bff / "db"),
            "BAZAAR_HUB_WORKER": "off",
            "PYTHONUNBUFFERED": "1",
        }
        url = f"http://127.0.0.1:{port}"
        server = LiveServer(url=url, idp_url="", env=env, data_dir=data_dir / bff)
        servers.append(server)
        for command in (["migrate_datastores"], ["seed_demo"]):
            result = server.manage(*command, settings="bazaar.bff_settings")
            assert result.returncode == 0, f"{bff} {command}: {result.stdout}{result.stderr}"
        env = {**env, "DJANGO_SETTINGS_MODULE": "bazaar.bff_settings"}
        _serve(server, f"bff-{bff}", "bazaar.bff_asgi:application", port, env)
        return bff, url

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(BFFS)) as pool:
            urls = dict(pool.map(serve, BFFS))
        yield urls
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("bff", BFFS)
def test_a_bff_served_alone_refuses_a_host_it_does_not_serve(alone, bff, host):
    url = alone[bff]
    paths = [*operations(url, bff), ("get", "/healthz"), ("get", "/nowhere")]
    assert_refused(url, paths, host)


@pytest.mark.parametrize("bff", BFFS)
def test_a_bff_served_alone_still_answers_its_own_host(alone, bff):
    for path in (f"/bff/{bff}/api/openapi.json", "/healthz"):
        status, _, body = request(alone[bff], path)
        assert status == 200, (path, body[:300])


def test_the_catalog_served_alone_still_lists_products_on_its_own_host(alone):
    status, _, body = request(alone["catalog"], "/bff/catalog/api/products")
    assert status == 200, body[:300]
    assert json.loads(body)["items"], "the demo's products"


def test_the_error_contract_is_in_every_bff_openapi_document(alone):
    """The 400 is the shape each document declares for its errors."""
    for bff, url in alone.items():
        _, _, body = request(url, f"/bff/{bff}/api/openapi.json")
        schema = json.loads(body)["components"]["schemas"]["ErrorOut"]
        assert {"detail", "code"} <= set(schema["required"]), bff
