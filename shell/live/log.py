"""Appending to and reading from the live topics' bounded logs (the shell's own database),
and pushing each new message to the connected clients once it is committed.

With the in-memory channel layer a push reaches only this process's clients, so a message
appended by another process (``hub_worker`` run on its own, a deploy from ``manage.py``) is
found by the **tailer**: a task on the server's event loop that reads the log's new rows a few
times a second and pushes those that were not pushed here. With Redis every process's push
reaches every client and no tailer runs. Clients drop a seq they already have, so the odd
message pushed twice (by both) does no harm."""

from __future__ import annotations

import asyncio
import collections
import contextvars
import functools
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from bazaar.models import now_ms
from shell.live.messages import StreamMessage
from shell.live.topics import channel_group
from shell.models import LiveMessage

log = logging.getLogger("bazaar.live")


def append(topic: str, message_type: type[StreamMessage], *, at: int, **fields) -> dict:
    """Give the next seq of ``topic`` to a new message, keep the log bounded, and push the
    message after the surrounding transaction commits. Returns the message."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                head = LiveMessage.objects.filter(topic=topic).aggregate(seq=Max("seq"))["seq"]
                seq = (head or 0) + 1
                body = message_type(topic=topic, seq=seq, at=at, **fields).model_dump()
                row = LiveMessage.objects.create(
                    topic=topic, seq=seq, body=body, created_at=now_ms()
                )
                keep = settings.BAZAAR_LIVE_LOG_SIZE
                LiveMessage.objects.filter(topic=topic, seq__lte=seq - keep).delete()
                transaction.on_commit(functools.partial(push, topic, body, row.pk))
                return body
        except IntegrityError:  # another process took this seq: take the next one
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


_server_loop: asyncio.AbstractEventLoop | None = None
_tailer: asyncio.Task | None = None
_pushed_here: collections.deque[int] = collections.deque(maxlen=10_000)  # row ids, newest last
PUSH_TIMEOUT_SECONDS = 5
TAIL_INTERVAL_SECONDS = 0.5


def serve_on_this_loop() -> None:
    """Called by the consumer and the long poll (on the server's event loop): pushes from
    other threads (the embedded hub worker) are handed to this loop, since the in-memory
    channel layer's queues belong to it and are not thread-safe. Starts the tailer when the
    layer is in memory."""
    global _server_loop, _tailer
    _server_loop = asyncio.get_running_loop()
    if (_tailer is None or _tailer.done()) and _layer_is_local():
        # A context of its own: not the request's, whose sync executor ends with the request.
        _tailer = _server_loop.create_task(_tail(), context=contextvars.Context())


def _layer_is_local() -> bool:
    from channels.layers import InMemoryChannelLayer

    return isinstance(get_channel_layer(), InMemoryChannelLayer)


def _newest_id() -> int:
    return LiveMessage.objects.aggregate(id=Max("id"))["id"] or 0


def _rows_after(row_id: int) -> list[tuple[int, str, dict]]:
    return list(
        LiveMessage.objects.filter(id__gt=row_id).order_by("id").values_list("id", "topic", "body")
    )


async def _tail() -> None:
    from asgiref.sync import sync_to_async

    last = await sync_to_async(_newest_id)()
    while True:
        await asyncio.sleep(TAIL_INTERVAL_SECONDS)
        try:
            rows = await sync_to_async(_rows_after)(last)
        except Exception:
            log.exception("live tailer could not read the log; trying again")
            continue
        pushed = set(_pushed_here)
        for row_id, topic, body in rows:
            last = row_id
            if row_id not in pushed:  # appended by another process
                await _group_send(topic, body)


async def _group_send(topic: str, body: dict) -> None:
    layer = get_channel_layer()
    await layer.group_send(channel_group(topic), {"type": "live.message", "body": body})


def push(topic: str, body: dict, row_id: int | None = None) -> None:
    if row_id is not None:
        _pushed_here.append(row_id)
    try:
        loop = _server_loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is not None and running is loop:  # already on it: never block it
            loop.create_task(_group_send(topic, body))
        elif loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(_group_send(topic, body), loop)
            future.result(timeout=PUSH_TIMEOUT_SECONDS)
        else:  # no client has connected to this process yet: nobody here to wake
            async_to_sync(_group_send)(topic, body)
    except Exception:  # the log keeps it: clients catch up on their next resume
        log.exception("could not push %s#%s", topic, body.get("seq"))


def head(topic: str) -> int:
    return LiveMessage.objects.filter(topic=topic).aggregate(seq=Max("seq"))["seq"] or 0


def since(topic: str, seq: int) -> tuple[list[dict], bool]:
    """Messages of ``topic`` after ``seq``, oldest first; False when some of them are no
    longer kept (the client must refetch instead)."""
    rows = list(LiveMessage.objects.filter(topic=topic, seq__gt=seq).values_list("seq", "body"))
    complete = not rows or rows[0][0] == seq + 1
    return [body for _, body in rows], complete
