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
import contextlib
import contextvars
import functools
import logging
import threading

from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, router, transaction
from django.db.models import Max
from opentelemetry.trace import SpanKind

from bazaar import bulk
from bazaar.models import now_ms
from bazaar.tracing import continuing, current_traceparent
from eventhub.listener import BatchWriter
from shell.live.messages import StreamMessage
from shell.live.models import LiveMessage
from shell.live.topics import channel_group

log = logging.getLogger("bazaar.live")


Spec = tuple[str, type[StreamMessage], int, dict]  # topic, message type, at, fields


def append(topic: str, message_type: type[StreamMessage], *, at: int, **fields) -> dict:
    """Give the next seq of ``topic`` to a new message, keep the log bounded, and push the
    message after the surrounding transaction commits. Returns the message."""
    return _write([(topic, message_type, at, fields)])[0]


def _write(specs: list[Spec]) -> list[dict]:
    """Appends messages in order: one head query per topic and one insert for them all."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _write_once(specs)
        except IntegrityError:  # another process took these seqs: take the next ones
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _write_once(specs: list[Spec]) -> list[dict]:
    heads = {topic: head(topic) for topic in dict.fromkeys(spec[0] for spec in specs)}
    bodies, rows, created = [], [], now_ms()
    for topic, message_type, at, fields in specs:
        heads[topic] += 1
        body = message_type(topic=topic, seq=heads[topic], at=at, **fields).model_dump()
        if body.get("traceparent") is None:
            del body["traceparent"]  # only the messages a traced change caused carry one
        bodies.append(body)
        rows.append((topic, heads[topic], body, created))
    bulk.insert(LiveMessage, ("topic", "seq", "body", "created_at"), rows, using=_alias())
    keep = settings.BAZAAR_LIVE_LOG_SIZE
    for topic, seq in heads.items():
        if seq % TRIM_EVERY < len(specs):  # passed a multiple: since() bounds the log exactly
            LiveMessage.objects.filter(topic=topic, seq__lte=seq - keep).delete()
    transaction.on_commit(functools.partial(_push_all, bodies))
    return bodies


def _alias() -> str:
    return router.db_for_write(LiveMessage)


def _push_all(bodies: list[dict]) -> None:
    """Hands committed messages to the channel layer, in order: on the server's loop, without
    waiting, when this process serves clients (each send scheduled in turn); else, with
    Redis, on this process's own push loop (a hub worker), whose Redis connections live on
    from batch to batch. With the in-memory layer and no clients here there is nobody to wake:
    the web process's tailer finds the messages in the log."""
    _pushed_here.extend((body["topic"], body["seq"]) for body in bodies)
    runs = _runs(bodies)
    loop = _server_loop
    if loop is not None and loop.is_running():
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for topic, run in runs:
            if running is loop:
                loop.create_task(_group_send(topic, run))
            else:
                sent = asyncio.run_coroutine_threadsafe(_group_send(topic, run), loop)
                sent.add_done_callback(_pushed)
    elif not _layer_is_local():
        future = asyncio.run_coroutine_threadsafe(_send_in_order(runs), _push_loop())
        try:
            future.result(timeout=30)
        except Exception:  # the log keeps them: clients catch up on their next resume
            log.exception("could not push %d live messages", len(bodies))


def _runs(bodies: list[dict]) -> list[tuple[str, list[dict]]]:
    """``bodies`` as runs of one topic's consecutive messages, in order, each one channel
    message (up to ``PUSH_RUN`` bodies): a price list is thousands of ``stock`` messages, and
    a send costs the channel layer the same for one as for a hundred."""
    runs: list[tuple[str, list[dict]]] = []
    for body in bodies:
        topic = body["topic"]
        if runs and runs[-1][0] == topic and len(runs[-1][1]) < PUSH_RUN:
            runs[-1][1].append(body)
        else:
            runs.append((topic, [body]))
    return runs


async def _send_in_order(runs: list[tuple[str, list[dict]]]) -> None:
    for topic, run in runs:
        await _group_send(topic, run)


_push_loop_lock = threading.Lock()
_push_event_loop: asyncio.AbstractEventLoop | None = None


def _push_loop() -> asyncio.AbstractEventLoop:
    """An event loop of this process's own, in a thread, for pushing (started once)."""
    global _push_event_loop
    with _push_loop_lock:
        if _push_event_loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="bazaar-live-push", daemon=True).start()
            _push_event_loop = loop
    return _push_event_loop


class LiveBatch(BatchWriter):
    """The live listener's messages of one hub batch, written together when it is applied
    (``Listener(writer=...)``): a handler calls ``add`` where it would call ``append``."""

    def __init__(self) -> None:
        self._local = threading.local()

    def begin(self) -> None:
        self._local.specs = []

    def add(self, topic: str, message_type: type[StreamMessage], *, at: int, **fields) -> None:
        # The trace of the event being applied (if it has one) goes on with the push.
        self._local.specs.append((topic, message_type, at, fields, current_traceparent()))

    def flush(self) -> None:
        specs, self._local.specs = self._local.specs, []
        if not specs:
            return
        with contextlib.ExitStack() as spans:
            written = []
            for topic, message_type, at, fields, traceparent in specs:
                kind = message_type.model_fields["type"].default
                attributes = {"bazaar.live.topic": topic.split(":", 1)[0]}
                spans.enter_context(
                    continuing(
                        traceparent, f"live push {kind}", kind=SpanKind.PRODUCER, **attributes
                    )
                )
                if traceparent:  # the push's own span (each a child of its event's span)
                    fields = {**fields, "traceparent": current_traceparent()}
                written.append((topic, message_type, at, fields))
            _write(written)


_server_loop: asyncio.AbstractEventLoop | None = None
_tailer: asyncio.Task | None = None
# (topic, seq) of the messages this process pushed, newest last
_pushed_here: collections.deque[tuple[str, int]] = collections.deque(maxlen=10_000)
TAIL_INTERVAL_SECONDS = 0.5
TRIM_EVERY = 50  # appends between two deletions of what the log no longer keeps
PUSH_RUN = 100  # messages of one topic in one channel message at most


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


def _rows_after(row_id: int) -> list[tuple[int, dict]]:
    return list(LiveMessage.objects.filter(id__gt=row_id).order_by("id").values_list("id", "body"))


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
        if not rows:
            continue
        last = rows[-1][0]
        pushed = set(_pushed_here)
        # Those appended by another process
        missed = [body for _, body in rows if (body["topic"], body["seq"]) not in pushed]
        for topic, run in _runs(missed):
            await _group_send(topic, run)


async def _group_send(topic: str, bodies: list[dict]) -> None:
    """``bodies``: consecutive messages of ``topic``, oldest first (see the consumer's
    ``live_messages``)."""
    layer = get_channel_layer()
    await layer.group_send(channel_group(topic), {"type": "live.messages", "bodies": bodies})


def _pushed(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("could not push a live message: %s", future.exception())


def head(topic: str) -> int:
    return LiveMessage.objects.filter(topic=topic).aggregate(seq=Max("seq"))["seq"] or 0


def since(topic: str, seq: int) -> tuple[list[dict], bool]:
    """Messages of ``topic`` after ``seq``, oldest first; False when some of them are no
    longer kept (the client must refetch instead). The log keeps exactly the newest
    ``BAZAAR_LIVE_LOG_SIZE`` (older rows may linger until the next trim: they do not count)."""
    rows = list(
        LiveMessage.objects.filter(topic=topic, seq__gt=seq)
        .order_by("seq")
        .values_list("seq", "body")
    )
    if not rows:
        return [], True
    oldest_kept = rows[-1][0] - settings.BAZAAR_LIVE_LOG_SIZE + 1
    kept = [(s, body) for s, body in rows if s >= oldest_kept]
    complete = kept[0][0] == seq + 1
    return [body for _, body in kept], complete
