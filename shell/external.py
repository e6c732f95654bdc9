"""Modules hosted elsewhere: a release may point a specifier at a URL (a CDN, as
import-map-deployer users have them) instead of publishing files.

The URL's origin must be one of ``BAZAAR_SCRIPT_ORIGINS`` (the page's Content-Security-Policy
lets scripts come from there and nowhere else). At deploy the module is fetched once: it must
answer 200 with a JavaScript content type, and its bytes give the SRI hash the import map
pins, so the CDN cannot change what users run without a new deploy. A manifest may state the
hash it expects (``integrity``); other bytes are refused.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import time
import urllib.error
import urllib.request

from django.conf import settings

from shell.manifest import ManifestError, module_origin

CHUNK_BYTES = 64 * 1024
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


_opener = urllib.request.build_opener(_NoRedirects)


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
    """The module's bytes, or ``ManifestError`` saying why it cannot be deployed."""
    check_allowed(url, field)
    request = urllib.request.Request(url, headers={"Accept": "text/javascript, */*;q=0.1"})
    timeout = settings.BAZAAR_MODULE_FETCH_TIMEOUT_S
    deadline = time.monotonic() + timeout  # for the whole answer, not each read
    try:
        with _opener.open(request, timeout=timeout) as response:
            status = response.status
            content_type = response.headers.get_content_type()
            chunks, size = [], 0
            while size <= max_bytes:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no whole answer within {timeout:g} s")
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            content = b"".join(chunks)
            if size <= max_bytes and response.length:  # the connection closed early
                raise http.client.IncompleteRead(content, response.length)
    except urllib.error.HTTPError as error:
        raise ManifestError(f"{field}: {url} answered {error.code}, not 200") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error or type(error).__name__
        raise ManifestError(f"{field}: {url} could not be fetched ({reason})") from None
    if status != 200:
        raise ManifestError(f"{field}: {url} answered {status}, not 200")
    if content_type not in JAVASCRIPT_TYPES:
        raise ManifestError(f"{field}: {url} is {content_type}, not JavaScript (text/javascript)")
    if len(content) > max_bytes:
        raise ManifestError(f"{field}: {url} is larger than {max_bytes} bytes")
    return content


def matches(expected: str, content: bytes) -> bool:
    """Whether ``content`` has the SRI hash ``expected`` (sha256, sha384 or sha512)."""
    algorithm, _, digest = expected.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
    return actual == digest
