"""``/live/poll``: the long-polling fallback of the websocket, with the same messages and the
same resume.

``GET /live/poll?topic=stock@12&topic=orders:me@3`` asks for the messages after seq 12 of
``stock`` and after seq 3 of ``orders:me``; a topic without ``@seq`` asks only for its head.
The answer comes as soon as there is anything (at once when something was missed), or after
``wait`` seconds (at most ``BAZAAR_LIVE_POLL_SECONDS``) with no messages:
``{"messages": [...], "cursor": {"stock": 14, "orders:me": 3}}``. Send ``cursor`` back as the
next poll's topics. ``resync`` messages mean what the ``resync`` websocket message means.

A poll that follows a private topic answers ``401 sign_in_required`` as soon as its session
signs out (``shell.live.signout``), and when its session ended any other way while it waited.
``account=<the page's user id>`` (the page's ``currentUser().id``) makes a poll of a private
topic answer 401 when the session now belongs to someone else (another person signed in on
the device): "me" is never another account's topics for this page. The websocket takes the
same ``?account=`` and closes 4401.
"""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.http import HttpRequest, JsonResponse

from bazaar.api import error_response
from shell.live import log, signout
from shell.live.messages import TOPIC, Resync
from shell.live.topics import PUBLIC, TopicRefused, Viewer, channel_group

MAX_TOPICS = 20
STATUS = {"sign_in_required": 401, "forbidden": 403, "unknown_topic": 404}
SESSION_ENDED = "the session ended: sign in again"
ANOTHER_ACCOUNT = "this page's account is no longer the one signed in on this device"


class BadPoll(ValueError):
    pass


def _parse(request: HttpRequest) -> list[tuple[str, int | None]]:
    import re

    wanted = request.GET.getlist("topic")
    if not wanted:
        raise BadPoll("topic: give at least one topic, e.g. ?topic=stock@0")
    if len(wanted) > MAX_TOPICS:
        raise BadPoll(f"topic: at most {MAX_TOPICS} topics a poll")
    parsed = []
    for item in wanted:
        name, at, since = item.rpartition("@") if "@" in item else (item, "", "")
        if not re.match(TOPIC, name):
            raise BadPoll(f"topic: {name!r} is not a topic name")
        if at and not since.isdigit():
            raise BadPoll(f"topic: the seq after '@' in {item!r} must be a whole number")
        parsed.append((name, int(since) if at else None))
    return parsed


def _collect(resolved: dict[str, str], cursor: dict[str, int]) -> list[dict]:
    """What each topic has after its cursor (advancing it), or a resync."""
    messages = []
    for name, topic in resolved.items():
        head = log.head(topic)
        if cursor[name] > head:
            messages.append(
                Resync(
                    topic=name, seq=head, reason="the server's log is older than your position"
                ).model_dump()
            )
            cursor[name] = head
            continue
        missed, complete = log.since(topic, cursor[name])
        if not complete:
            messages.append(
                Resync(topic=name, seq=missed[-1]["seq"], reason="missed too much").model_dump()
            )
            cursor[name] = missed[-1]["seq"]
            continue
        for body in missed:
            messages.append({**body, "topic": name})
            cursor[name] = body["seq"]
    return messages


def _collect_if_signed_in(
    resolved: dict[str, str], cursor: dict[str, int], session_key: str | None, user
) -> list[dict] | None:
    """``_collect`` after a wait: None when the session of a poll that follows a private
    topic (``session_key``) ended meanwhile."""
    if session_key is not None and not signout.still_signed_in(session_key, signout.user_key(user)):
        return None
    return _collect(resolved, cursor)


async def poll(request: HttpRequest) -> JsonResponse:
    if request.method != "GET":
        return error_response(405, "method_not_allowed", "use GET")
    try:
        wanted = _parse(request)
        wait = float(request.GET.get("wait", settings.BAZAAR_LIVE_POLL_SECONDS))
    except (BadPoll, ValueError) as error:
        return error_response(400, "bad_request", str(error))
    wait = max(0.0, min(wait, settings.BAZAAR_LIVE_POLL_SECONDS))
    log.serve_on_this_loop()
    user = await request.auser()
    viewer = Viewer.of(user)
    try:
        resolved = {name: viewer.resolve(name) for name, _ in wanted}
    except TopicRefused as refused:
        return error_response(STATUS[refused.code], refused.code, refused.detail)
    private = any(topic not in PUBLIC for topic in resolved.values())
    if private and not signout.is_expected_account(user, request.GET.get("account")):
        return error_response(401, "sign_in_required", ANOTHER_ACCOUNT)

    heads = {name: await sync_to_async(log.head)(topic) for name, topic in resolved.items()}
    cursor = {name: heads[name] if since is None else since for name, since in wanted}
    if any(since is None for _, since in wanted):
        return JsonResponse({"messages": [], "cursor": cursor})

    layer = get_channel_layer()
    channel = await layer.new_channel()
    groups = {channel_group(topic) for topic in resolved.values()}
    # A private topic's poll ends when its session signs out. (Its session was read just now
    # to sign the request in: no need to read it again before the first answer.)
    session_key = request.session.session_key if private else None
    if session_key is not None:
        groups.add(signout.session_group(session_key))
    for group in groups:
        await layer.group_add(group, channel)
    try:
        messages = await sync_to_async(_collect)(resolved, cursor)
        if not messages and wait:
            try:
                event = await asyncio.wait_for(layer.receive(channel), timeout=wait)
            except TimeoutError:
                pass
            else:
                if event["type"] == signout.SESSION_ENDED:
                    return error_response(401, "sign_in_required", SESSION_ENDED)
                messages = await sync_to_async(_collect_if_signed_in)(
                    resolved, cursor, session_key, user
                )
                if messages is None:
                    return error_response(401, "sign_in_required", SESSION_ENDED)
    finally:
        for group in groups:
            await layer.group_discard(group, channel)
    response = JsonResponse({"messages": messages, "cursor": cursor})
    response["Cache-Control"] = "no-store"
    return response
