"""A module hosted elsewhere is fetched within one deadline for the whole answer
(``BAZAAR_MODULE_FETCH_TIMEOUT_S``), however slowly its host trickles it, and deploy fetches
never take the threads that serve pages: against a real host that sends a byte every half
second, a deploy and a ``PATCH /services`` are refused (422, naming the URL) at the deadline,
and a real daphne shop with ten such fetches under way still answers ``/`` at once."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import pytest
from django.test import Client

from shell.registry import external
from shell.registry.models import Release, Revision
from shell.testing.factories import manifest
from tests.live import start_server

TOKEN = "dev-deploy-token"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
DEADLINE_S = 1
TRICKLE_INTERVAL_S = 0.5  # under any per-read timeout: only a deadline for the whole ends it
TRICKLE_FOR_S = 20  # then the host gives up (so code without a deadline fails, not hangs)
MODULE = b"export async function mount() {}\n" + b"// " + b"x" * 4000 + b"\n"


@dataclass
class TricklingHost:
    """A real HTTP server on loopback that answers every GET with 200 and JavaScript, one byte
    every ``TRICKLE_INTERVAL_S``: the body (``/body/…``), or the headers too (``/head/…``)."""

    origin: str = ""
    requests: list[str] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)
    listener: socket.socket | None = None

    def url(self, path: str) -> str:
        return self.origin + path

    def start(self) -> TricklingHost:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.origin = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                data = connection.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ")[1].decode()
            self.requests.append(path)
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(MODULE)
            )
            if path.startswith("/body/"):
                connection.sendall(head)
                slow = MODULE
            else:
                slow = head + MODULE
            until = time.monotonic() + TRICKLE_FOR_S
            for i in range(len(slow)):
                if self.stopped.is_set() or time.monotonic() > until:
                    return
                try:
                    connection.sendall(slow[i : i + 1])
                except OSError:  # the client gave up
                    return
                time.sleep(TRICKLE_INTERVAL_S)


@pytest.fixture(scope="module")
def trickling():
    host = TricklingHost().start()
    yield host
    host.stop()


def registry_state():
    return (Revision.objects.count(), Release.objects.count())


@pytest.mark.django_db
@pytest.mark.timeout(120)
@pytest.mark.parametrize("slow", ["body", "head"])
def test_a_module_trickled_slowly_is_refused_at_the_deadline(settings, trickling, slow):
    settings.BAZAAR_SCRIPT_ORIGINS = [trickling.origin]
    settings.BAZAAR_MODULE_FETCH_TIMEOUT_S = DEADLINE_S
    client = Client(HTTP_HOST="127.0.0.1")
    before = registry_state()

    url = trickling.url(f"/{slow}/weather/1.0.0/main.js")
    body = {"manifests": [{"manifest": manifest("weather", entry=url), "files": {}}]}
    started = time.monotonic()
    response = client.post("/api/registry/releases", body, content_type="application/json", **AUTH)
    took = time.monotonic() - started
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == (
        f"entry: {url} could not be fetched (no whole answer within {DEADLINE_S} s)"
    )
    assert took < DEADLINE_S + 1.5, f"the deploy took {took:.1f} s"

    url = trickling.url(f"/{slow}/utils/1.0.0/utils.js")
    started = time.monotonic()
    response = client.patch(
        "/services", {"service": "@acme/utils", "url": url}, content_type="application/json", **AUTH
    )
    took = time.monotonic() - started
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == (
        f"url: {url} could not be fetched (no whole answer within {DEADLINE_S} s)"
    )
    assert took < DEADLINE_S + 1.5, f"PATCH /services took {took:.1f} s"
    assert registry_state() == before


@pytest.fixture(scope="module")
def shop(tmp_path_factory, trickling):
    server = start_server(
        tmp_path_factory,
        BAZAAR_SCRIPT_ORIGINS=trickling.origin,
        BAZAAR_MODULE_FETCH_TIMEOUT_S="4",
    )
    yield server
    server.stop()


def patch_service(shop, service: str, url: str) -> tuple[int, dict, float]:
    request = urllib.request.Request(
        shop.url + "/services",
        method="PATCH",
        data=json.dumps({"service": service, "url": url}).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, body = response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        status, body = error.code, json.loads(error.read() or b"null")
    return status, body, time.monotonic() - started


@pytest.mark.timeout(300)
def test_slow_module_fetches_leave_the_shop_its_threads(shop, trickling):
    """Ten PATCH /services at once, each of a module the host trickles: the shop still
    answers its pages within 2 s all along; each fetch ends at the deadline (422, naming the
    URL) or, past the few a process runs at once, is refused at once (503)."""
    with urllib.request.urlopen(shop.url + "/", timeout=10) as response:
        assert response.status == 200  # warm
    urls = [trickling.url(f"/body/many{i}/1.0.0/utils.js") for i in range(10)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(urls)) as pool:
        patches = [
            pool.submit(patch_service, shop, f"@acme/utils{i}", u) for i, u in enumerate(urls)
        ]
        time.sleep(0.5)  # the fetches are under way
        pages = []
        for _ in range(6):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(shop.url + "/", timeout=2) as response:
                    pages.append((response.status, time.monotonic() - started))
            except OSError as error:  # timed out: every thread is held
                pages.append((repr(error), time.monotonic() - started))
            time.sleep(0.3)
        answers = [patch.result() for patch in patches]

    assert all(status == 200 and took < 2 for status, took in pages), pages
    refused_at_the_deadline = [
        (status, body, took) for status, body, took in answers if status == 422
    ]
    busy = [(status, body, took) for status, body, took in answers if status == 503]
    assert len(refused_at_the_deadline) + len(busy) == len(urls), answers
    assert 1 <= len(refused_at_the_deadline) <= external.MAX_FETCHES, answers
    for _, body, took in refused_at_the_deadline:
        assert body["detail"].startswith("url: " + trickling.origin + "/body/many")
        assert body["detail"].endswith("could not be fetched (no whole answer within 4 s)")
        assert took < 4 + 3, answers
    for _, body, took in busy:
        assert body["code"] == "unavailable" and "try again" in body["detail"], body
        assert took < 2, answers
    # Each refused fetch reached the host; none of the busy ones did.
    assert len([p for p in trickling.requests if p.startswith("/body/many")]) == len(
        refused_at_the_deadline
    )
