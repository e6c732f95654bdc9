"""Django's ASGI handler with one thread hop per request, not one per middleware (every Bazaar
web process uses it: the shell, and each BFF served alone).

Under ASGI, Django runs its middleware in async mode, and every ``MiddlewareMixin``
middleware (sessions, CSRF, auth, …) then crosses from the event loop to a worker thread and
back twice per request; a sync view adds one more crossing. Bazaar's views are sync (they use
the ORM), except the long-poll. So a request for a sync view runs the whole sync chain (the
same middleware, loaded in sync mode) in one worker thread, as under WSGI; a request for an
async view (``/live/poll``, which waits without holding a thread) keeps Django's async chain.

A process may give paths under a prefix a chain of their own (``chains``): the shell gives
its embedded BFFs (``/bff/``) ``BAZAAR_BFF_MIDDLEWARE``, since BFFs authenticate with bearer
JWTs and sessions, CSRF and the OIDC refresh have nothing to do there.

The worker threads are a fixed pool (``BAZAAR_REQUEST_THREADS``, 8), so each keeps its
database connections from one request to the next (``CONN_MAX_AGE``) instead of opening new
ones for every request; stale ones are closed at the start and end of each request there, as
Django's request signals would if they ran in that thread.
"""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from inspect import iscoroutinefunction

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.db import close_old_connections
from django.urls import Resolver404, get_resolver


@functools.lru_cache(maxsize=4096)
def view_is_async(path_info: str) -> bool:
    try:
        match = get_resolver().resolve(path_info)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)


class ChainHandler(BaseHandler):
    """A sync handler whose middleware is ``middleware`` rather than ``settings.MIDDLEWARE``."""

    def __init__(self, middleware: list[str]) -> None:
        super().__init__()
        saved = settings.MIDDLEWARE
        settings.MIDDLEWARE = middleware  # read by load_middleware only; done at start-up
        try:
            self.load_middleware(is_async=False)
        finally:
            settings.MIDDLEWARE = saved


class PooledASGIHandler(ASGIHandler):
    def __init__(self, chains: dict[str, list[str]] | None = None) -> None:
        super().__init__()  # the async chain
        self.sync_handler = ChainHandler(settings.MIDDLEWARE)
        self.chains = [(prefix, ChainHandler(mw)) for prefix, mw in (chains or {}).items()]
        self.threads = ThreadPoolExecutor(
            max_workers=settings.BAZAAR_REQUEST_THREADS, thread_name_prefix="request"
        )
        self.run_sync = sync_to_async(
            self._get_response_sync, thread_sensitive=False, executor=self.threads
        )

    def _handler_for(self, path: str) -> BaseHandler:
        for prefix, handler in self.chains:
            if path.startswith(prefix):
                return handler
        return self.sync_handler

    def _get_response_sync(self, request):
        handler = self._handler_for(request.path_info)
        close_old_connections()
        try:
            return handler.get_response(request)
        finally:
            close_old_connections()

    async def get_response_async(self, request):
        if view_is_async(request.path_info):
            return await super().get_response_async(request)
        return await self.run_sync(request)
