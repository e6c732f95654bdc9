"""The live-update websocket: session authentication, origin check, topic scoping, typed
messages, and resume from a sequence number without loss or duplicates."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from shell.asgi import application
from shell.live import log, sessions
from shell.live.messages import SERVER_MESSAGES, OrderStatus, StockLevel
from shell.live.models import LiveMessage
from shell.live.topics import channel_group

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = b"http://127.0.0.1:8000"
BY_TYPE = {m.model_fields["type"].default: m for m in SERVER_MESSAGES}


def session_cookie(sub: str = "alice-sub", name: tuple[str, str] = ("Alice", "Archer")) -> bytes:
    return sessions.session_cookie(sub, *name).encode()


SIGNED_IN = "signed in"


def run(script, origin: bytes = ORIGIN, cookie: bytes | None | str = SIGNED_IN, path="/ws/live/"):
    """Connect (as Alice, unless told otherwise), run ``script(communicator)`` and return
    what it returns; None if refused."""
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if cookie == SIGNED_IN:
        cookie = session_cookie()
    if cookie:
        headers.append((b"cookie", cookie))

    async def go():
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect()
        if not connected:
            return None
        try:
            return await script(communicator)
        finally:
            await communicator.disconnect()

    return async_to_sync(go)()


async def receive(communicator) -> dict:
    message = await communicator.receive_json_from(timeout=3)
    BY_TYPE[message["type"]].model_validate(message)  # every message follows its schema
    return message


def test_a_foreign_origin_is_refused():
    assert run(receive, origin=b"http://evil.example") is None


def test_an_unauthenticated_connect_is_refused():
    """Anonymous visitors follow the public topics by long polling instead."""
    assert run(receive, cookie=None) is None


def test_a_session_that_is_no_longer_valid_is_refused():
    assert run(receive, cookie=b"sessionid=not-a-session") is None


def test_the_session_cookie_signs_the_socket_in():
    hello = run(receive, cookie=session_cookie())
    assert hello["signedIn"] is True and hello["user"] == "Alice Archer"
    assert hello["topics"] == ["stock", "registry", "orders:me", "cart:me"]


def test_a_page_of_the_account_signed_in_is_served():
    hello = run(receive, path="/ws/live/?account=oidc:alice-sub")
    assert hello["type"] == "hello" and hello["user"] == "Alice Archer"


def test_a_page_of_another_account_than_the_one_signed_in_now_is_refused():
    """Bob signed in on the device after Alice: the page Alice left open gets no "me" of his."""
    assert run(receive, path="/ws/live/?account=oidc:bob-sub") is None


def test_another_users_topic_is_refused():
    async def script(ws):
        await receive(ws)
        await ws.send_json_to({"type": "subscribe", "topic": "orders:bob-sub"})
        return await receive(ws)

    refused = run(script, cookie=session_cookie())
    assert (refused["type"], refused["code"], refused["topic"]) == (
        "error",
        "forbidden",
        "orders:bob-sub",
    )


@pytest.mark.parametrize(
    "message",
    [
        {"type": "subscribe"},
        {"type": "subscribe", "topic": "stock", "extra": 1},
        {"type": "subscribe", "topic": "stock", "since": -1},
        {"type": "shout", "topic": "stock"},
        {"type": "subscribe", "topic": "everything"},
        "not json at all",
    ],
)
def test_unknown_message_shapes_are_rejected_with_a_reason(message):
    async def script(ws):
        await receive(ws)
        if isinstance(message, str):
            await ws.send_to(text_data=message)
        else:
            await ws.send_json_to(message)
        return await receive(ws)

    error = run(script)
    assert (error["type"], error["code"]) == ("error", "bad_message")
    assert error["detail"]


def _stock(n: int) -> None:
    for i in range(n):
        log.append("stock", StockLevel, at=1_000 + i, productId=f"p-{i}", stock=i, priceCents=100)


def test_resuming_from_a_sequence_returns_exactly_the_missed_messages_then_live_ones():
    _stock(5)

    async def script(ws):
        await receive(ws)
        await ws.send_json_to({"type": "subscribe", "topic": "stock", "since": 2})
        subscribed = await receive(ws)
        missed = [await receive(ws) for _ in range(3)]
        from channels.db import database_sync_to_async

        await database_sync_to_async(_stock)(1)  # a new one, pushed live
        live = await receive(ws)
        assert await ws.receive_nothing(timeout=0.3)
        return subscribed, missed, live

    subscribed, missed, live = run(script)
    assert subscribed == {"type": "subscribed", "topic": "stock", "seq": 5}
    assert [m["seq"] for m in missed] == [3, 4, 5]
    assert all(m["type"] == "stock-level" for m in missed)
    assert live["seq"] == 6


def _logged_without_a_push(seqs: range) -> list[dict]:
    """Stock messages written to the log only (as another process would, its pushes lost)."""
    bodies = [
        StockLevel(
            topic="stock", seq=s, at=s, productId=f"p-{s}", stock=s, priceCents=1
        ).model_dump()
        for s in seqs
    ]
    for body in bodies:
        LiveMessage.objects.create(topic="stock", seq=body["seq"], body=body, created_at=1)
    return bodies


def test_a_message_missing_inside_a_pushed_run_is_read_from_the_log():
    """A run of pushed messages may skip one (pushed apart, and that push lost): the client
    still gets every seq, in order, once."""
    _stock(2)

    async def script(ws):
        await receive(ws)
        await ws.send_json_to({"type": "subscribe", "topic": "stock", "since": 2})
        await receive(ws)  # subscribed
        from channels.db import database_sync_to_async

        bodies = await database_sync_to_async(_logged_without_a_push)(range(3, 7))
        run = [bodies[0], bodies[2], bodies[3]]  # 3, 5, 6: 4 went missing
        await get_channel_layer().group_send(
            channel_group("stock"), {"type": "live.messages", "bodies": run}
        )
        # and one message alone, as the release before sent them: 7 follows
        seven = await database_sync_to_async(_logged_without_a_push)(range(7, 8))
        await get_channel_layer().group_send(
            channel_group("stock"), {"type": "live.message", "body": seven[0]}
        )
        received = [await receive(ws) for _ in range(5)]
        assert await ws.receive_nothing(timeout=0.3)
        return received

    assert [m["seq"] for m in run(script)] == [3, 4, 5, 6, 7]


def test_a_resume_older_than_the_log_is_told_to_refetch(settings):
    settings.BAZAAR_LIVE_LOG_SIZE = 3
    _stock(8)  # seqs 6..8 kept

    async def script(ws):
        await receive(ws)
        await ws.send_json_to({"type": "subscribe", "topic": "stock", "since": 1})
        return [await receive(ws) for _ in range(2)]

    subscribed, resync = run(script)
    assert subscribed["seq"] == 8
    assert (resync["type"], resync["topic"], resync["seq"]) == ("resync", "stock", 8)


def test_a_users_own_topic_carries_their_orders_under_the_name_they_used():
    log.append("orders:alice-sub", OrderStatus, at=1, orderId="o-1", status="placed")
    log.append("orders:bob-sub", OrderStatus, at=1, orderId="o-2", status="placed")

    async def script(ws):
        await receive(ws)
        await ws.send_json_to({"type": "subscribe", "topic": "orders:me", "since": 0})
        await receive(ws)
        mine = await receive(ws)
        assert await ws.receive_nothing(timeout=0.3)
        return mine

    mine = run(script, cookie=session_cookie())
    assert (mine["topic"], mine["orderId"], mine["status"]) == ("orders:me", "o-1", "placed")
