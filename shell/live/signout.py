"""Signing out ends the live stream of that browser session, on every process.

Each ``/ws/live/`` socket, and each long poll that follows a private topic, joins a Channels
group of its session (named after a hash of the session key: the key itself is a credential
and never goes to the channel layer). ``user_logged_out`` (sent by ``POST /oidc/logout/``
before the session is flushed) sends ``live.session_ended`` to that group: sockets close with
4401 and polls answer ``401 sign_in_required``. The group is the layer's, so with Redis a
sign-out on one replica reaches the sockets of every replica. Other sessions of the same user
(another device) are other groups and keep their stream.

A session can also end without a sign-out here (it expires, is flushed, a new sign-in in the
browser replaces its key, ``clearsessions`` runs): before anything of a private topic is sent,
the consumer and the poll check that the session still exists and still belongs to the user
(``still_signed_in``, one read of the session). Public topics, the hot path, check nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from importlib import import_module

from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import SESSION_KEY

logger = logging.getLogger("bazaar.live")

SESSION_ENDED = "live.session_ended"  # the consumer's live_session_ended


def session_group(session_key: str) -> str:
    """The Channels group of one session's sockets and long polls."""
    digest = hashlib.sha256(f"bazaar-live-session:{session_key}".encode()).hexdigest()[:40]
    return f"live.session.{digest}"


def user_key(user) -> str:
    """The user's id as ``django.contrib.auth.login`` keeps it in the session."""
    return user._meta.pk.value_to_string(user)


def is_expected_account(user, expected: str | None) -> bool:
    """Whether the signed-in ``user`` is the account the page says it belongs to (its
    ``currentUser().id``, the username); a page that names none is not checked."""
    return not expected or (user.is_authenticated and user.get_username() == expected)


def still_signed_in(session_key: str | None, user_id: str) -> bool:
    """Whether the session still exists, has not expired, and is signed in as ``user_id``
    (one read of the session store; a database query with the default engine)."""
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return store.load().get(SESSION_KEY) == user_id


def on_user_logged_out(sender, request=None, user=None, **kwargs) -> None:
    """``user_logged_out`` receiver (connected in ``ShellConfig.ready``)."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        end_session(session_key)


def end_session(session_key: str) -> None:
    """Closes the session's sockets and ends its polls, on every process. Callable from any
    thread (a sync view's worker thread, the event loop itself); it does not wait for the
    sockets: the caller flushes the session meanwhile."""
    from shell.live import log  # not at import: the app config imports this module

    group, message = session_group(session_key), {"type": SESSION_ENDED}
    layer = get_channel_layer()
    loop = log._server_loop  # the loop this process's sockets and polls run on
    if loop is not None and loop.is_running():
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            loop.create_task(layer.group_send(group, message))
        else:
            sent = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
            sent.add_done_callback(_sent)
    elif not log._layer_is_local():
        # No socket here yet, but other replicas may have some (Redis): send from this
        # process's own push loop.
        sent = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), log._push_loop())
        sent.add_done_callback(_sent)
    # else: an in-memory layer and no socket or poll ever served here: nobody to tell.


def _sent(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("could not end a session's live stream: %s", future.exception())
