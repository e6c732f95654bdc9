"""A signed-in session for a shop user, without a browser: what the live-update tests, the
two-process Redis test and ``bench/live.py`` use to open ``/ws/live/`` as a shopper."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

from shell.live.topics import USERNAME_PREFIX


def session_cookie(sub: str, first_name: str = "", last_name: str = "") -> str:
    """``sessionid=…`` of a new session signed in as the user with OpenID subject ``sub``
    (created if needed), as the OIDC sign-in leaves it."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"{USERNAME_PREFIX}{sub}",
        defaults={"first_name": first_name, "last_name": last_name},
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
