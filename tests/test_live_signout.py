"""Signing out ends the live stream of that browser session, against a real daphne.

``POST /oidc/logout/`` closes the session's open ``/ws/live/`` sockets (close code 4401) and
ends its long polls at ``/live/poll`` (401) within a few seconds, on every process (in memory
in the embedded mode, through Redis across replicas); no private message reaches them
afterwards. Another session of the same user (another device) keeps its stream. A session
that ends any other way (deleted server-side) gets no private message either.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import json
import secrets
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest

from tests.live import LiveServer, start_server

SIGNED_OUT = 4401
FEW_SECONDS = 5.0


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_server(tmp_path_factory)
    yield server
    server.stop()


def run(coroutine):
    """Runs ``coroutine`` on a loop of its own (Playwright's sync API may run one in this
    thread when browser tests share the session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def shell(server: LiveServer, code: str) -> str:
    result = server.manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def new_sessions(server: LiveServer, sub: str, count: int = 1) -> list[str]:
    """``count`` cookies of new sessions signed in as ``sub`` (as many browsers)."""
    out = shell(
        server,
        "from shell.live.sessions import session_cookie\n"
        f"for _ in range({count}): print(session_cookie({sub!r}, 'Alice', 'Archer'))",
    )
    return out.splitlines()


def append_order_status(server: LiveServer, sub: str, order_id: str) -> None:
    """A private message for ``sub``, appended by another process (as the hub worker does)."""
    shell(
        server,
        "from shell.live import log\n"
        "from shell.live.messages import OrderStatus\n"
        f"log.append('orders:{sub}', OrderStatus, at=1, orderId={order_id!r}, status='paid')",
    )


def delete_session(server: LiveServer, cookie: str) -> None:
    key = cookie.split("=", 1)[1]
    shell(
        server,
        "from importlib import import_module\n"
        "from django.conf import settings\n"
        f"import_module(settings.SESSION_ENGINE).SessionStore({key!r}).delete()",
    )


def request(url: str, method: str, path: str, headers: dict, timeout: float = 60):
    """(status, headers, body) without following redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=b"" if method == "POST" else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def sign_out(url: str, cookie: str) -> int:
    """What the header's "Sign out" form does: ``POST /oidc/logout/`` with the session
    cookie and a CSRF token."""
    csrf = secrets.token_hex(16)
    status, headers, _ = request(
        url,
        "POST",
        "/oidc/logout/",
        {
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Origin": url,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert status == 302, status
    cleared = [v for k, v in headers if k.lower() == "set-cookie" and v.startswith("sessionid=")]
    assert cleared and 'sessionid=""' in cleared[0]  # the session really ended
    return status


def poll(url: str, cookie: str, query: str) -> tuple[int, dict]:
    status, _, body = request(url, "GET", f"/live/poll?{query}", {"Cookie": cookie})
    return status, json.loads(body)


class Socket:
    """A ``/ws/live/`` client that records everything it receives and how it ended."""

    def __init__(self, url: str, cookie: str) -> None:
        self.url, self.cookie = url, cookie
        self.received: list[dict] = []
        self.close_code: int | None = None
        self.closed_at: float | None = None

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/ws/live/",
            origin=self.url,
            additional_headers={"Cookie": self.cookie},
        )
        hello = await self.recv()
        assert hello["type"] == "hello" and hello["signedIn"] is True
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def recv(self, timeout: float = 10) -> dict:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=timeout))
        self.received.append(message)
        return message

    async def subscribe(self, topic: str) -> dict:
        await self.ws.send(json.dumps({"type": "subscribe", "topic": topic}))
        subscribed = await self.recv()
        assert subscribed["type"] == "subscribed", subscribed
        return subscribed

    async def until_closed(self, timeout: float) -> int | None:
        """Receives until the server closes the socket (its close code) or ``timeout``
        seconds pass (None)."""
        from websockets.exceptions import ConnectionClosed

        deadline = time.monotonic() + timeout
        try:
            while (left := deadline - time.monotonic()) > 0:
                await self.recv(timeout=left)
        except ConnectionClosed as closed:
            self.closed_at = time.monotonic()
            self.close_code = closed.rcvd.code if closed.rcvd else None
            return self.close_code
        except TimeoutError:
            pass
        return None

    def private(self, after: int = 0) -> list[dict]:
        return [m for m in self.received[after:] if m.get("topic") == "orders:me" and "seq" in m]


def new_sub() -> str:
    return f"signout-{uuid.uuid4().hex[:8]}"


def test_signing_out_closes_the_sessions_socket_and_no_private_message_follows(shop):
    sub = new_sub()
    [cookie] = new_sessions(shop, sub)

    async def scenario():
        async with Socket(shop.url, cookie) as socket:
            await socket.subscribe("orders:me")
            await asyncio.to_thread(append_order_status, shop, sub, "before")
            delivered = await socket.recv()
            assert (delivered["type"], delivered["orderId"]) == ("order-status", "before")
            seen = len(socket.received)

            signed_out_at = time.monotonic()
            await asyncio.to_thread(sign_out, shop.url, cookie)
            # A private message right after: it must not reach the signed-out socket.
            await asyncio.to_thread(append_order_status, shop, sub, "after")
            code = await socket.until_closed(timeout=FEW_SECONDS + 5)
            return socket, code, signed_out_at, seen

    socket, code, signed_out_at, seen = run(scenario())
    assert code == SIGNED_OUT, f"the socket stayed open after signing out: {socket.received}"
    assert socket.closed_at - signed_out_at < FEW_SECONDS + 3  # the append takes a process
    assert socket.private(after=seen) == []


def test_signing_out_closes_the_socket_within_a_few_seconds(shop):
    sub = new_sub()
    [cookie] = new_sessions(shop, sub)

    async def scenario():
        async with Socket(shop.url, cookie) as socket:
            await socket.subscribe("orders:me")
            await socket.subscribe("stock")
            signed_out_at = time.monotonic()
            await asyncio.to_thread(sign_out, shop.url, cookie)
            code = await socket.until_closed(timeout=FEW_SECONDS)
            return code, (socket.closed_at or time.monotonic()) - signed_out_at

    code, took = run(scenario())
    assert code == SIGNED_OUT and took < FEW_SECONDS


def test_a_signed_out_cookie_opens_no_new_socket(shop):
    import websockets
    from websockets.exceptions import InvalidStatus

    [cookie] = new_sessions(shop, new_sub())
    sign_out(shop.url, cookie)

    async def scenario():
        with pytest.raises(InvalidStatus):
            async with websockets.connect(
                shop.url.replace("http://", "ws://") + "/ws/live/",
                origin=shop.url,
                additional_headers={"Cookie": cookie},
            ) as ws:
                await ws.recv()

    run(scenario())


def test_another_session_of_the_same_user_keeps_its_stream(shop):
    sub = new_sub()
    this_browser, other_device = new_sessions(shop, sub, count=2)

    async def scenario():
        async with Socket(shop.url, this_browser) as mine, Socket(shop.url, other_device) as other:
            await mine.subscribe("orders:me")
            await other.subscribe("orders:me")
            await asyncio.to_thread(sign_out, shop.url, this_browser)
            code = await mine.until_closed(timeout=FEW_SECONDS)
            await asyncio.to_thread(append_order_status, shop, sub, "still-mine")
            message = await other.recv(timeout=10)
            return code, message

    code, message = run(scenario())
    assert code == SIGNED_OUT
    assert (message["type"], message["topic"], message["orderId"]) == (
        "order-status",
        "orders:me",
        "still-mine",
    )
    # and that device can still poll its private topic
    status, _ = poll(shop.url, other_device, "topic=orders:me")
    assert status == 200


def _poll_in_background(url: str, cookie: str, query: str):
    result: dict = {}

    def go():
        started = time.monotonic()
        result["status"], result["body"] = poll(url, cookie, query)
        result["took"], result["ended"] = time.monotonic() - started, time.monotonic()

    thread = threading.Thread(target=go)
    thread.start()
    time.sleep(1.0)  # the poll is waiting for news now
    return thread, result


def test_signing_out_ends_a_long_poll_in_progress(shop):
    sub = new_sub()
    [cookie] = new_sessions(shop, sub)
    status, heads = poll(shop.url, cookie, "topic=orders:me&topic=stock")
    assert status == 200
    cursor = heads["cursor"]
    query = f"topic=orders:me@{cursor['orders:me']}&topic=stock@{cursor['stock']}&wait=20"
    thread, result = _poll_in_background(shop.url, cookie, query)

    signed_out_at = time.monotonic()
    sign_out(shop.url, cookie)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert result["ended"] - signed_out_at < FEW_SECONDS, "the poll waited on after sign-out"
    assert result["status"] == 401, result
    assert result["body"]["code"] == "sign_in_required"


def test_signing_out_leaves_another_sessions_long_poll_alone(shop):
    sub = new_sub()
    this_browser, other_device = new_sessions(shop, sub, count=2)
    _, heads = poll(shop.url, other_device, "topic=orders:me")
    query = f"topic=orders:me@{heads['cursor']['orders:me']}&wait=20"
    thread, result = _poll_in_background(shop.url, other_device, query)
    sign_out(shop.url, this_browser)
    time.sleep(1.0)
    assert thread.is_alive(), result  # still waiting for news
    append_order_status(shop, sub, "for-the-other-device")
    thread.join(timeout=30)
    assert result["status"] == 200, result
    assert [m["orderId"] for m in result["body"]["messages"]] == ["for-the-other-device"]


def test_a_session_deleted_server_side_gets_no_more_private_messages(shop):
    sub = new_sub()
    [cookie] = new_sessions(shop, sub)

    async def scenario():
        async with Socket(shop.url, cookie) as socket:
            await socket.subscribe("orders:me")
            await asyncio.to_thread(delete_session, shop, cookie)  # expired, flushed, …
            seen = len(socket.received)
            await asyncio.to_thread(append_order_status, shop, sub, "after-the-session")
            code = await socket.until_closed(timeout=FEW_SECONDS)
            return socket, code, seen

    socket, code, seen = run(scenario())
    assert socket.private(after=seen) == [], "a private message reached an ended session"
    assert code == SIGNED_OUT


def test_a_long_poll_of_a_session_deleted_server_side_gets_no_private_message(shop):
    sub = new_sub()
    [cookie] = new_sessions(shop, sub)
    _, heads = poll(shop.url, cookie, "topic=orders:me")
    query = f"topic=orders:me@{heads['cursor']['orders:me']}&wait=20"
    thread, result = _poll_in_background(shop.url, cookie, query)
    delete_session(shop, cookie)
    append_order_status(shop, sub, "after-the-session")
    thread.join(timeout=30)
    assert result["status"] == 401, result
    assert "after-the-session" not in json.dumps(result["body"])


# --- across replicas (Redis channel layer) ------------------------------------------------


def test_signing_out_on_one_replica_closes_the_socket_and_poll_on_another(two_shells):
    server, second_url = two_shells
    sub = new_sub()
    cookie, other_device = new_sessions(server, sub, count=2)
    _, heads = poll(second_url, cookie, "topic=orders:me")
    query = f"topic=orders:me@{heads['cursor']['orders:me']}&wait=20"

    async def scenario():
        async with Socket(second_url, cookie) as socket, Socket(second_url, other_device) as other:
            await socket.subscribe("orders:me")
            await other.subscribe("orders:me")
            thread, result = await asyncio.to_thread(_poll_in_background, second_url, cookie, query)
            signed_out_at = time.monotonic()
            await asyncio.to_thread(sign_out, server.url, cookie)  # through the first replica
            code = await socket.until_closed(timeout=FEW_SECONDS)
            took = (socket.closed_at or time.monotonic()) - signed_out_at
            await asyncio.to_thread(thread.join, 30)
            await asyncio.to_thread(append_order_status, server, sub, "other-device")
            message = await other.recv(timeout=10)
            return code, took, result, signed_out_at, message

    code, took, result, signed_out_at, message = run(scenario())
    assert code == SIGNED_OUT and took < FEW_SECONDS
    assert result["status"] == 401, result
    assert result["ended"] - signed_out_at < FEW_SECONDS
    assert message["orderId"] == "other-device"
