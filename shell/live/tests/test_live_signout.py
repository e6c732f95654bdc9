"""Signing out ends that session's live stream (in process; tests/test_live_signout.py does
the same against a real daphne, with long polls and across Redis replicas)."""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from shell.asgi import application
from shell.live import log, sessions, signout
from shell.live.messages import OrderStatus, StockLevel

pytestmark = pytest.mark.django_db(transaction=True)
HEADERS = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
SIGNED_OUT = 4401


@pytest.fixture(autouse=True)
def provider(monkeypatch):
    """The provider's discovery document, as if fetched (the logout view asks it where the
    provider's own sign-out is)."""
    from bazaar import auth

    monkeypatch.setattr(
        auth.DISCOVERY, "_document", {"end_session_endpoint": "https://op.example/logout"}
    )


def cookie(sub: str = "alice-sub") -> str:
    return sessions.session_cookie(sub, "Alice", "Archer")


async def opened(session_cookie: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application, "/ws/live/", headers=[*HEADERS, (b"cookie", session_cookie.encode())]
    )
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from(timeout=3))["type"] == "hello"
    return communicator


async def subscribe(communicator, topic: str, since: int | None = None) -> None:
    message = {"type": "subscribe", "topic": topic}
    if since is not None:
        message["since"] = since
    await communicator.send_json_to(message)


def sign_out(session_cookie: str):
    """The header's "Sign out" form: ``POST /oidc/logout/`` (in a worker thread, as daphne
    runs the view)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie.split("=", 1)[1]
    return client.post("/oidc/logout/")


def delete_session(session_cookie: str) -> None:
    from importlib import import_module

    key = session_cookie.split("=", 1)[1]
    import_module(settings.SESSION_ENGINE).SessionStore(key).delete()


def test_signing_out_closes_that_sessions_socket_and_not_the_other_devices():
    mine, other_device = cookie(), cookie()

    async def go():
        socket, other = await opened(mine), await opened(other_device)
        for ws in (socket, other):
            await subscribe(ws, "orders:me")
            assert (await ws.receive_json_from(timeout=3))["type"] == "subscribed"
        response = await sync_to_async(sign_out, thread_sensitive=False)(mine)
        assert response.status_code == 302
        closed = await socket.receive_output(timeout=3)
        await database_sync_to_async(log.append)(
            "orders:alice-sub", OrderStatus, at=1, orderId="o-1", status="paid"
        )
        delivered = await other.receive_json_from(timeout=3)
        await socket.wait()
        await other.disconnect()
        return closed, delivered

    closed, delivered = async_to_sync(go)()
    assert closed == {"type": "websocket.close", "code": SIGNED_OUT}
    assert (delivered["topic"], delivered["orderId"]) == ("orders:me", "o-1")


def test_a_sign_out_elsewhere_is_heard_by_the_sessions_group():
    """``end_session`` from a thread of its own (a sync view's), while sockets are served."""
    session_cookie = cookie()
    key = session_cookie.split("=", 1)[1]

    async def go():
        socket = await opened(session_cookie)
        thread = threading.Thread(target=signout.end_session, args=(key,))
        thread.start()
        thread.join()
        closed = await socket.receive_output(timeout=3)
        await socket.wait()
        return closed

    assert async_to_sync(go)() == {"type": "websocket.close", "code": SIGNED_OUT}


def test_a_session_ended_server_side_gets_no_private_catch_up():
    session_cookie = cookie()
    log.append("orders:alice-sub", OrderStatus, at=1, orderId="o-1", status="placed")

    async def go():
        socket = await opened(session_cookie)
        await database_sync_to_async(delete_session)(session_cookie)
        await subscribe(socket, "orders:me", since=0)
        closed = await socket.receive_output(timeout=3)
        await socket.wait()
        return closed

    assert async_to_sync(go)() == {"type": "websocket.close", "code": SIGNED_OUT}


def test_a_session_ended_server_side_gets_no_live_private_message_but_public_ones_flow():
    """Public topics (the hot path) never read the session; the first private message does,
    and closes the socket instead of sending it."""
    session_cookie = cookie()

    async def go():
        socket = await opened(session_cookie)
        for topic in ("stock", "orders:me"):
            await subscribe(socket, topic)
            assert (await socket.receive_json_from(timeout=3))["type"] == "subscribed"
        await database_sync_to_async(delete_session)(session_cookie)
        await database_sync_to_async(log.append)(
            "stock", StockLevel, at=1, productId="p-1", stock=3, priceCents=100
        )
        public = await socket.receive_json_from(timeout=3)
        await database_sync_to_async(log.append)(
            "orders:alice-sub", OrderStatus, at=1, orderId="o-1", status="paid"
        )
        closed = await socket.receive_output(timeout=3)
        await socket.wait()
        return public, closed

    public, closed = async_to_sync(go)()
    assert public["type"] == "stock-level"
    assert closed == {"type": "websocket.close", "code": SIGNED_OUT}


def test_the_session_check():
    session_cookie = cookie()
    key = session_cookie.split("=", 1)[1]
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="oidc:alice-sub")
    bob = get_user_model().objects.create(username="oidc:bob-sub")
    assert signout.still_signed_in(key, signout.user_key(alice))
    assert not signout.still_signed_in(key, signout.user_key(bob))
    assert not signout.still_signed_in(None, signout.user_key(alice))
    delete_session(session_cookie)
    assert not signout.still_signed_in(key, signout.user_key(alice))


def test_session_groups_are_valid_channels_names_without_the_key():
    key = "abcdefghijklmnopqrstuvwxyz012345"
    group = signout.session_group(key)
    assert key not in group and len(group) < 100
    assert group != signout.session_group(key[::-1])
