"""The live-update websocket (``/ws/live/``).

The Channels stack in ``asgi.py`` authenticates the connection from the session cookie and
refuses foreign origins; a connection without a signed-in session is refused too (close code
4401: anonymous visitors follow the public topics by long polling, which costs the server no
open connection per visitor). A client subscribes to topics, optionally with ``since`` (the last
seq it applied): it first receives what it missed from the topic's log, then live messages,
each exactly once and in seq order. A ``since`` older than the log keeps gets ``resync``.

Signing out closes the session's sockets with 4401 too (``shell.live.signout``: a group per
session, so on every replica), and a socket whose session ended any other way is closed with
4401 when it would next send something of a private topic (the session is read again first).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from pydantic import ValidationError

from shell.live import log, signout
from shell.live.messages import (
    ClientMessage,
    Error,
    Hello,
    Resync,
    Subscribe,
    Subscribed,
    Unsubscribe,
    Unsubscribed,
)
from shell.live.topics import PUBLIC, TopicRefused, Viewer, channel_group

SIGN_IN_REQUIRED = 4401


def _query(scope) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(scope.get("query_string", b"").decode()).items()}


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        self.viewer = Viewer.of(user)
        self.following: dict[str, tuple[str, int]] = {}  # stored topic -> (client name, last seq)
        self.ended = False  # the session is over: nothing more is sent
        self.session_group: str | None = None
        if self.viewer.sub is None or not signout.is_expected_account(
            user, _query(self.scope).get("account")
        ):
            await self.close(code=SIGN_IN_REQUIRED)
            return
        self.session_key = self.scope["session"].session_key
        self.user_id = signout.user_key(user)
        log.serve_on_this_loop()
        # Before accepting: a sign-out from now on closes this socket.
        self.session_group = signout.session_group(self.session_key)
        await self.channel_layer.group_add(self.session_group, self.channel_name)
        await self.accept()
        name = user.get_full_name() or user.get_username()
        await self.send_json(
            Hello(signedIn=True, user=name, topics=self.viewer.topics()).model_dump()
        )

    async def disconnect(self, code) -> None:
        for topic in list(self.following):
            await self.channel_layer.group_discard(channel_group(topic), self.channel_name)
        if self.session_group is not None:
            await self.channel_layer.group_discard(self.session_group, self.channel_name)

    async def live_session_ended(self, event: dict) -> None:
        """The session signed out (``shell.live.signout``), on this process or another."""
        await self._end()

    async def _end(self) -> None:
        if not self.ended:
            self.ended = True
            await self.close(code=SIGN_IN_REQUIRED)

    async def _still_signed_in(self) -> bool:
        """Read before anything of a private topic is sent: a session that ended without a
        sign-out here (expired, flushed, replaced by a new sign-in) closes the socket."""
        if self.ended:
            return False
        alive = await database_sync_to_async(signout.still_signed_in)(
            self.session_key, self.user_id
        )
        if not alive:
            await self._end()
        return alive

    async def receive_json(self, content, **kwargs) -> None:
        if self.ended:
            return
        try:
            message = ClientMessage.validate_python(content)
        except ValidationError as error:
            detail = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'message'}: {e['msg']}" for e in error.errors()
            )
            await self._error("bad_message", detail)
            return
        if isinstance(message, Subscribe):
            await self._subscribe(message)
        elif isinstance(message, Unsubscribe):
            await self._unsubscribe(message)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None  # validated (and refused) in receive_json

    async def _error(self, code: str, detail: str, topic: str | None = None) -> None:
        await self.send_json(Error(code=code, detail=detail, topic=topic).model_dump())

    async def _subscribe(self, message: Subscribe) -> None:
        try:
            topic = self.viewer.resolve(message.topic)
        except TopicRefused as refused:
            await self._error(refused.code, refused.detail, message.topic)
            return
        if topic not in PUBLIC and not await self._still_signed_in():
            return
        await self.channel_layer.group_add(channel_group(topic), self.channel_name)
        head = await database_sync_to_async(log.head)(topic)
        since = head if message.since is None else message.since
        self.following[topic] = (message.topic, min(since, head))
        await self.send_json(Subscribed(topic=message.topic, seq=head).model_dump())
        if since < head:
            await self._catch_up(topic, since)
        elif since > head:
            await self._resync(topic, head, "the server's log is older than your position")

    async def _unsubscribe(self, message: Unsubscribe) -> None:
        try:
            topic = self.viewer.resolve(message.topic)
        except TopicRefused as refused:
            await self._error(refused.code, refused.detail, message.topic)
            return
        if self.following.pop(topic, None) is not None:
            await self.channel_layer.group_discard(channel_group(topic), self.channel_name)
        await self.send_json(Unsubscribed(topic=message.topic).model_dump())

    async def _catch_up(self, topic: str, since: int) -> None:
        missed, complete = await database_sync_to_async(log.since)(topic, since)
        if not complete:
            await self._resync(topic, missed[-1]["seq"] if missed else since, "missed too much")
            return
        for body in missed:
            await self._deliver(topic, body)

    async def _resync(self, topic: str, seq: int, reason: str) -> None:
        name, _ = self.following[topic]
        self.following[topic] = (name, seq)
        await self.send_json(Resync(topic=name, seq=seq, reason=reason).model_dump())

    async def _deliver(self, topic: str, body: dict) -> None:
        name, last = self.following[topic]
        if body["seq"] <= last:
            return  # already sent (replayed from the log before it arrived live)
        self.following[topic] = (name, body["seq"])
        await self.send_json({**body, "topic": name})

    async def live_messages(self, event: dict) -> None:
        """Consecutive messages of one topic, oldest first (``shell.live.log`` pushes a run of
        them in one channel message)."""
        bodies = event["bodies"]
        topic = bodies[0]["topic"]
        if self.ended or topic not in self.following:
            return
        if topic not in PUBLIC and not await self._still_signed_in():
            return
        for body in bodies:
            if topic not in self.following:
                return
            _, last = self.following[topic]
            if body["seq"] > last + 1:  # a push went missing (or overtook one): read the log
                await self._catch_up(topic, last)
            await self._deliver(topic, body)

    async def live_message(self, event: dict) -> None:
        """One message, as processes of the release before runs sent them (a deploy that
        replaces processes one by one has both for a while)."""
        await self.live_messages({"bodies": [event["body"]]})
