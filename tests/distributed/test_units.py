"""Every unit is a process of its own, with its own health and metrics; the shell replicas
share the registry and the published modules; the BFFs sit behind the gateway the manifests
name, on the allow-list, answering CORS for the shop's origin only."""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import json
import urllib.error
import urllib.request
import uuid

import psycopg

from tests.distributed.conftest import Distributed


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def deploy(url: str, token: str, slug: str, version: str, body_text: str) -> tuple[int, dict]:
    manifest = {
        "name": f"@test/{slug}",
        "version": version,
        "entry": "src/main.js",
        "routes": [{"path": f"/{slug}"}],
    }
    files = {
        "src/main.js": f"export const text = {json.dumps(body_text)};\n"
        "export async function bootstrap() {}\n"
        "export async function mount() {}\n"
        "export async function unmount() {}\n"
    }
    request = urllib.request.Request(
        url + "/api/registry/releases",
        method="POST",
        data=json.dumps({"manifests": [{"manifest": manifest, "files": files}]}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_every_unit_runs_alone_and_reports_each_dependency(distributed: Distributed):
    stack = distributed.stack
    for name, unit in distributed.supervisor.units.items():
        if name == "idp":
            continue
        status, _, body = get(unit.health)
        report = json.loads(body)
        assert status == 200 and report["status"] == "ok", (name, report)
        if name.startswith("bff-") or (name.startswith("worker-") and name != "worker-live"):
            bff = name.split("-")[1]
            assert report["databases"] == {bff: "ok"}, (name, report)  # its own database only
        else:
            assert report["databases"] == {"default": "ok"}, (name, report)
        assert report["hub"] == "ok" and report["channel_layer"] == "ok", (name, report)
        status, _, text = get(unit.health.replace("/healthz", "/metrics"))
        assert status == 200, name
        kind = b"bazaar_hub_events_relayed_total" if name.startswith("worker-") else b"bazaar_http"
        assert kind in text, name
    # Each BFF's database is a PostgreSQL database of its own, with its tables alone in it.
    with psycopg.connect(stack.database_url("cart")) as db:
        query = "select tablename from pg_tables where schemaname = 'public'"
        tables = {row[0] for row in db.execute(query)}
    assert any(t.startswith("cart_") for t in tables)
    assert not any(t.startswith(("catalog_", "orders_", "shell_", "auth_")) for t in tables)
    # The shell replicas serve no BFF: that is the BFFs' own processes' work.
    status, _, _ = get(distributed.replica_url(1) + "/bff/catalog/api/products")
    assert status == 404


def test_a_bff_with_two_replicas_is_served_by_both(distributed: Distributed):
    stack = distributed.stack
    for page in range(1, 11):
        status, _, _ = get(f"{stack.gateway_url}/bff/catalog/api/products?page={page % 3 + 1}")
        assert status == 200
    for port in stack.bff_ports("catalog"):
        status, _, text = get(f"http://127.0.0.1:{port}/metrics")
        served = [
            float(line.rsplit(b" ", 1)[1])
            for line in text.splitlines()
            if line.startswith(
                b'bazaar_http_requests_total{area="bff:catalog",method="GET",status="200"}'
            )
        ]
        assert served and served[0] >= 3, port


def test_the_manifests_name_the_gateway_and_the_bffs_answer_cors_for_the_shop_only(
    distributed: Distributed,
):
    stack = distributed.stack
    status, _, page = get(stack.shop_url + "/")
    assert status == 200
    for bff in ("cart", "catalog", "orders"):  # what the page hands each app's BFF client
        assert f'"bff": "{stack.gateway_url}/bff/{bff}/api"'.encode() in page, bff

    def preflight(origin: str) -> dict:
        request = urllib.request.Request(
            stack.gateway_url + "/bff/cart/api/cart",
            method="OPTIONS",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization,idempotency-key,content-type",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return {k.lower(): v for k, v in response.headers.items()}

    allowed = preflight(stack.shop_url)
    assert allowed["access-control-allow-origin"] == stack.shop_url
    assert "idempotency-key" in allowed["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in allowed  # bearer tokens, never cookies
    assert "access-control-allow-origin" not in preflight("http://evil.example")
    # Bearer only: no session cookie opens a BFF.
    status, _, body = get(stack.gateway_url + "/bff/cart/api/cart", {"Cookie": "sessionid=x"})
    assert status == 401 and json.loads(body)["code"] == "unauthorized"


def test_a_release_deployed_through_one_replica_is_served_with_the_same_integrity_by_the_other(
    distributed: Distributed,
):
    one, two = distributed.replica_url(1), distributed.replica_url(2)
    token = distributed.shop.deploy_token
    slug = f"replica-{uuid.uuid4().hex[:6]}"
    status, revision = deploy(one, token, slug, "1.0.0", "deployed through replica one")
    assert status == 201, revision

    # The other replica's import map is that revision at once (no restart), with integrity.
    status, headers, body = get(two + "/importmap.json")
    importmap = json.loads(body)
    assert headers["X-Bazaar-Revision"] == str(revision["number"])
    url = importmap["imports"][f"@test/{slug}"]
    integrity = importmap["integrity"][url]
    for replica in (one, two):
        status, headers, module = get(replica + url)
        assert status == 200, (replica, status)
        digest = base64.b64encode(hashlib.sha384(module).digest()).decode()
        assert integrity == f"sha384-{digest}", replica
        assert b"deployed through replica one" in module
        assert "immutable" in headers["Cache-Control"]


def test_two_replicas_deploying_at_once_both_land_in_history(distributed: Distributed):
    urls = [distributed.replica_url(1), distributed.replica_url(2)]
    token = distributed.shop.deploy_token
    slugs = [f"race-{i}-{uuid.uuid4().hex[:6]}" for i in range(6)]
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        results = list(
            pool.map(lambda i: deploy(urls[i % 2], token, slugs[i], "1.0.0", slugs[i]), range(6))
        )
    assert [status for status, _ in results] == [201] * 6, results
    numbers = sorted(revision["number"] for _, revision in results)
    assert len(set(numbers)) == 6  # six revisions, none lost to another
    status, _, body = get(urls[0] + "/api/registry/revisions/current")
    current = json.loads(body)
    assert set(slugs) <= {name.removeprefix("@test/") for name in current["releases"]}
