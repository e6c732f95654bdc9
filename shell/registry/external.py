"""Modules hosted elsewhere: a release may point a specifier at a URL (a CDN, as
import-map-deployer users have them) instead of publishing files.

The URL's origin must be one of ``BAZAAR_SCRIPT_ORIGINS`` (the page's Content-Security-Policy
lets scripts come from there and nowhere else). At deploy the module is fetched once: it must
answer 200 with a JavaScript content type, and its bytes give the SRI hash the import map
pins, so the CDN cannot change what users run without a new deploy. A manifest may state the
hash it expects (``integrity``); other bytes are refused.

A fetch has one deadline for all of it (``BAZAAR_MODULE_FETCH_TIMEOUT_S``: connecting, the
headers and the whole body), not a timeout per read: a host that trickles a byte every few
seconds is cut off there and the deploy refused (422, naming the URL). A fetch runs in the
request's thread, one of the few that serve every page, so at most ``MAX_FETCHES`` run at once
in a process; a deploy that finds them all busy is refused at once (503: the same request
succeeds later) rather than wait, since a request waiting for a slot holds a thread as surely
as one fetching.
"""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

from bazaar.api import ApiError
from shell.registry.manifest import ManifestError, module_origin

CHUNK_BYTES = 64 * 1024
# Fetches at once per process (``settings.BAZAAR_MODULE_FETCHES`` if set): well below the
# request threads (bazaar/handler.py: BAZAAR_REQUEST_THREADS, 8), so pages keep theirs.
MAX_FETCHES = 2
JAVASCRIPT_TYPES = frozenset(
    {
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
    }
)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is answered as it is: the URL deployed is the URL loaded


class FetchesBusy(ApiError):
    """Every fetch slot is taken: try again shortly. A 503, not a 422: nothing is wrong with
    the request (the same one succeeds later, and clients retry a 503, not a 422), and not a
    429: it is the server that is busy, with other deploys, not this client that sent too many.
    """

    status, code = 503, "unavailable"


class _Deadline:
    """The end of one fetch: when it passes, the connection is shut down, which ends any read
    under way (connecting is bounded by the time left when it starts)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError(self.reason())
        return left

    def reason(self) -> str:
        return f"no whole answer within {self.seconds:g} s"

    def watch(self, sock: socket.socket) -> None:
        # A duplicate of the socket: TLS wraps (and detaches) the one connected, and shutting
        # down either ends reads on both.
        with self._lock:
            self._watched.append(sock.dup())
            if self.expired:  # it took the whole time to connect
                self._shut(self._watched[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # closed already
            pass

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()


def _before(deadline: _Deadline, base: type[http.client.HTTPConnection]):
    class Connection(base):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = self._connect

        def _connect(self, address, timeout=None, source_address=None):
            sock = socket.create_connection(address, deadline.left(), source_address)
            deadline.watch(sock)
            return sock

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.connection = _before(deadline, http.client.HTTPConnection)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.connection = _before(deadline, http.client.HTTPSConnection)

    def https_open(self, req):
        return self.do_open(functools.partial(self.connection, context=self._context), req)


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _fetch_slots() -> threading.BoundedSemaphore:
    count = max(1, int(getattr(settings, "BAZAAR_MODULE_FETCHES", MAX_FETCHES)))
    with _slots_lock:
        return _slots.setdefault(count, threading.BoundedSemaphore(count))


def check_allowed(url: str, field: str) -> None:
    """``url``'s origin must be one the page may load scripts from."""
    try:
        origin = module_origin(url)
    except ValueError as exc:
        raise ManifestError(f"{field}: {exc}") from None
    if origin not in settings.BAZAAR_SCRIPT_ORIGINS:
        allowed = ", ".join(settings.BAZAAR_SCRIPT_ORIGINS) or "none"
        raise ManifestError(
            f"{field}: {origin} is not an allowed module origin (BAZAAR_SCRIPT_ORIGINS: {allowed})"
        )


def fetch_module(url: str, field: str, *, max_bytes: int) -> bytes:
    """The module's bytes, or ``ManifestError`` saying why it cannot be deployed (within
    ``BAZAAR_MODULE_FETCH_TIMEOUT_S`` in all); ``FetchesBusy`` when other deploys are fetching
    as many modules as a process fetches at once."""
    check_allowed(url, field)
    slots = _fetch_slots()
    if not slots.acquire(blocking=False):
        raise FetchesBusy(
            f"{field}: {url} was not fetched: other deploys are fetching modules hosted "
            "elsewhere; try again in a few seconds"
        )
    try:
        return _fetch(url, field, max_bytes)
    finally:
        slots.release()


def _fetch(url: str, field: str, max_bytes: int) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "text/javascript, */*;q=0.1"})
    deadline = _Deadline(settings.BAZAAR_MODULE_FETCH_TIMEOUT_S)
    try:
        opener = urllib.request.build_opener(
            _NoRedirects, _HTTPHandler(deadline), _HTTPSHandler(deadline)
        )
        with opener.open(request, timeout=deadline.seconds) as response:
            status = response.status
            content_type = response.headers.get_content_type()
            chunks, size = [], 0
            while size <= max_bytes:
                chunk = response.read(CHUNK_BYTES)
                if not chunk or deadline.expired:
                    break
                chunks.append(chunk)
                size += len(chunk)
            content = b"".join(chunks)
            if deadline.expired:
                raise TimeoutError(deadline.reason())
            if size <= max_bytes and response.length:  # the connection closed early
                raise http.client.IncompleteRead(content, response.length)
    except urllib.error.HTTPError as error:
        raise ManifestError(f"{field}: {url} answered {error.code}, not 200") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        if deadline.expired:
            reason = deadline.reason()
        else:
            reason = getattr(error, "reason", None) or error or type(error).__name__
        raise ManifestError(f"{field}: {url} could not be fetched ({reason})") from None
    finally:
        deadline.close()
    if status != 200:
        raise ManifestError(f"{field}: {url} answered {status}, not 200")
    if content_type not in JAVASCRIPT_TYPES:
        raise ManifestError(f"{field}: {url} is {content_type}, not JavaScript (text/javascript)")
    if len(content) > max_bytes:
        raise ManifestError(f"{field}: {url} is larger than {max_bytes} bytes")
    return content
