"""The live websocket accepts the shop's own origin only, compared whole: scheme, host and
port (another port or scheme on the same host is another site)."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from shell.asgi import application
from shell.live import sessions

pytestmark = pytest.mark.django_db(transaction=True)
SHOP_HOST = "127.0.0.1:8000"


def connects(origin: str | None, host: str = SHOP_HOST, extra: dict | None = None) -> bool:
    """Whether a signed-in shopper's websocket opens with these headers."""
    headers = [(b"host", host.encode()), (b"cookie", sessions.session_cookie("alice").encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    headers += [(name.encode(), value.encode()) for name, value in (extra or {}).items()]

    async def go() -> bool:
        communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        connected, _ = await communicator.connect()
        if connected:
            await communicator.disconnect()
        return connected

    return async_to_sync(go)()


def test_the_shops_own_origin_connects():
    assert connects("http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:8001",  # another port
        "https://127.0.0.1:8000",  # another scheme
        "http://127.0.0.1",  # the default port, 80
        "http://localhost:8000",  # an allowed host name, but not the one the shop is served at
        "http://evil.example",
        "http://127.0.0.1:8000.evil.example",
        "ws://127.0.0.1:8000",
        "http://127.0.0.1:8000/path",
        "http://user@127.0.0.1:8000",
        "null",
        "",
        None,
    ],
)
def test_any_other_origin_is_refused(origin):
    assert not connects(origin)


def test_a_host_outside_allowed_hosts_is_refused_even_from_its_own_origin():
    assert not connects("http://evil.example:8000", host="evil.example:8000")


def test_behind_a_tls_proxy_the_origin_is_https(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"x-forwarded-proto": "https"}
    assert connects("https://127.0.0.1:8000", extra=proxied)
    assert not connects("http://127.0.0.1:8000", extra=proxied)
    assert not connects("https://127.0.0.1:8000")  # the header alone says it is https


def test_a_default_port_may_be_implied(settings):
    assert connects("http://127.0.0.1", host="127.0.0.1")
    assert connects("http://127.0.0.1:80", host="127.0.0.1")
    assert not connects("http://127.0.0.1:8000", host="127.0.0.1")


def test_csrf_trusted_origins_are_accepted_whole(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://shop.example", "https://*.bazaar.example"]
    assert connects("https://shop.example")
    assert connects("https://eu.bazaar.example")
    assert not connects("http://shop.example")
    assert not connects("https://shop.example:8443")
    assert not connects("https://bazaar.example.evil")
