"""A provider that hangs (accepts connections, never answers) must not stall the shop: a
request whose signing key is known never waits on it, any other waits no longer than
``PROVIDER_TIMEOUT`` (one attempt, no retry), and no request queues behind another's fetch."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import requests
from django.test import Client

from bazaar import auth
from bazaar.testing import TestIssuer

pytestmark = pytest.mark.django_db(databases=["default", "wishlist"])

API = "/bff/wishlist/api"
SLOW = 30.0  # seconds: a provider timeout no request could hide behind


class Provider:
    """A real socket server standing in for the OpenID provider: it serves its discovery
    document and JWKS while up, and once ``hang()`` is called accepts connections and never
    answers them."""

    def __init__(self, issuer: TestIssuer) -> None:
        self.issuer = issuer
        self.hung = False
        self.connections: list[socket.socket] = []
        self.accepted = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.hung = True

    def wait_for_connections(self, count: int, timeout: float = 10) -> bool:
        with self.accepted:
            return self.accepted.wait_for(lambda: len(self.connections) >= count, timeout)

    def close(self) -> None:
        self._server.close()
        for connection in self.connections:
            connection.close()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with self.accepted:
                self.connections.append(connection)
                self.accepted.notify_all()
            if not self.hung:
                threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            head += connection.recv(4096)
        path = head.split(b" ", 2)[1].decode()
        document = (
            self.issuer.jwks()
            if path == "/jwks"
            else {"issuer": self.url, "jwks_uri": f"{self.url}/jwks"}
        )
        body = json.dumps(document).encode()
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        connection.close()


@pytest.fixture
def issuer() -> TestIssuer:
    return TestIssuer()


@pytest.fixture
def provider(issuer, settings, monkeypatch):
    """The authorizer pointed at a fresh provider: discovery and JWKS over real HTTP."""
    provider = Provider(issuer)
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "JWKS_URL": f"{provider.url}/jwks"}
    monkeypatch.setattr(auth, "DISCOVERY", auth.Discovery(f"{provider.url}/discovery"))
    monkeypatch.setattr(auth, "JWKS", auth.JwksCache(auth._jwks_url))
    yield provider
    provider.close()


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def timeouts(monkeypatch) -> list:
    """The timeouts every HTTP call to the provider was given (the calls still go out)."""
    seen = []
    real_get = requests.get

    def get(url, **kwargs):
        seen.append(kwargs.get("timeout"))
        return real_get(url, **kwargs)

    monkeypatch.setattr(requests, "get", get)
    return seen


def items(client, token: str):
    return client.get(f"{API}/items", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_known_key_never_touches_the_provider(client, issuer, provider):
    assert items(client, issuer.token()).status_code == 200  # the keys are fetched once
    provider.hang()
    for _ in range(3):
        assert items(client, issuer.token()).status_code == 200
    assert len(provider.connections) == 1


def test_a_known_key_due_for_refresh_answers_without_waiting_for_the_refresh(
    client, issuer, provider, monkeypatch
):
    assert items(client, issuer.token()).status_code == 200
    provider.hang()
    monkeypatch.setattr(auth, "PROVIDER_TIMEOUT", SLOW)  # a refresh waited on would show
    monkeypatch.setattr(auth, "JWKS_TTL", 0)  # the keys are due for a refresh
    monkeypatch.setattr(auth, "JWKS_MIN_REFETCH", 0)

    started = time.monotonic()
    assert items(client, issuer.token()).status_code == 200
    assert time.monotonic() - started < SLOW / 3
    assert provider.wait_for_connections(2)  # the refresh went out, in the background


def test_an_unknown_key_fails_within_the_bound_with_one_attempt(client, issuer, provider, timeouts):
    provider.hang()
    started = time.monotonic()
    response = items(client, issuer.token())
    elapsed = time.monotonic() - started

    assert response.status_code == 401
    assert response.json()["detail"] == "the provider's signing keys are unavailable"
    assert len(provider.connections) == 1  # no retry
    [(connect, read)] = timeouts
    assert connect + read <= auth.PROVIDER_TIMEOUT <= 2
    assert elapsed < auth.PROVIDER_TIMEOUT + 3  # coarse: well under the old ~16 s

    # Moments later, another unknown key fails at once, without calling the provider again.
    assert items(client, issuer.token()).status_code == 401
    assert len(provider.connections) == 1


def test_discovery_and_jwks_share_one_bound(client, issuer, provider, settings, timeouts):
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "JWKS_URL": ""}  # found by discovery
    provider.hang()
    response = items(client, issuer.token())
    assert response.status_code == 401
    assert len(provider.connections) == 1  # discovery timed out: no JWKS call after it
    assert sum(timeouts[0]) <= auth.PROVIDER_TIMEOUT


def test_keys_found_by_discovery_work_while_the_provider_is_up(client, issuer, provider, settings):
    settings.BAZAAR_OIDC = {**settings.BAZAAR_OIDC, "JWKS_URL": ""}
    assert items(client, issuer.token()).status_code == 200
    assert len(provider.connections) == 2  # discovery, then the JWKS


def test_a_known_key_does_not_queue_behind_another_requests_hanging_fetch(
    client, issuer, provider, monkeypatch
):
    assert items(client, issuer.token()).status_code == 200
    provider.hang()
    monkeypatch.setattr(auth, "PROVIDER_TIMEOUT", SLOW)
    monkeypatch.setattr(auth, "JWKS_MIN_REFETCH", 0)
    stranger = issuer.token(kid="rotated-away", key=issuer.keys[issuer.kid])
    waiting = threading.Thread(target=lambda: items(Client(HTTP_HOST="127.0.0.1"), stranger))
    waiting.start()
    assert provider.wait_for_connections(2)  # the unknown kid's fetch hangs, holding its lock

    started = time.monotonic()
    assert items(client, issuer.token()).status_code == 200
    assert time.monotonic() - started < SLOW / 3
    assert waiting.is_alive()  # answered while the other request was still waiting
    provider.close()  # ends the hanging fetch
    waiting.join(timeout=10)


def test_discovery_waits_for_another_fetch_no_longer_than_its_own_deadline(provider, monkeypatch):
    provider.hang()
    monkeypatch.setattr(auth, "PROVIDER_TIMEOUT", SLOW)
    discovery = auth.Discovery(f"{provider.url}/discovery")
    outcomes = []

    def fetch():
        try:
            discovery.document()
        except requests.RequestException as exc:
            outcomes.append(exc)

    first = threading.Thread(target=fetch)
    first.start()
    assert provider.wait_for_connections(1)

    with pytest.raises(requests.Timeout):
        discovery.document(deadline=time.monotonic() + 0.2)
    assert first.is_alive() and len(provider.connections) == 1
    provider.close()
    first.join(timeout=10)
    assert len(outcomes) == 1  # the first fetch failed too, once the provider hung up
    # After the failure, callers fail fast instead of each waiting on the provider.
    with pytest.raises(requests.ConnectionError, match="unreachable moments ago"):
        discovery["jwks_uri"]


def test_a_fetched_discovery_document_needs_no_provider(provider):
    discovery = auth.Discovery(f"{provider.url}/discovery")
    assert discovery["jwks_uri"] == f"{provider.url}/jwks"
    provider.hang()
    assert discovery["jwks_uri"] == f"{provider.url}/jwks"
    assert len(provider.connections) == 1
