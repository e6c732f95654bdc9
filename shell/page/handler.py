"""The shell's ASGI handler: the platform's (bazaar.handler: one worker thread per request),
with the embedded BFFs' shorter chain under ``/bff/`` and the static files answered in the
event loop."""

from __future__ import annotations

from django.conf import settings

from bazaar.handler import PooledASGIHandler, view_is_async
from shell.page.static_files import StaticFiles

__all__ = ["BazaarASGIHandler", "view_is_async"]

BFF_PREFIX = "/bff/"


class BazaarASGIHandler(PooledASGIHandler):
    def __init__(self) -> None:
        super().__init__({BFF_PREFIX: settings.BAZAAR_BFF_MIDDLEWARE})
        self.static = StaticFiles(get_response=None)

    async def get_response_async(self, request):
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            # A known static file is answered here, in the event loop: from memory (WhiteNoise
            # keeps what it found), with a small read from disk, and no worker thread.
            static_file = self.static.lookup(path)
            if static_file is not None:
                response = self.static.serve(static_file, request)
                response._resource_closers.append(request.close)
                return response
        return await super().get_response_async(request)
