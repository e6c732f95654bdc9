"""Static files, served by WhiteNoise: the shell's own assets, the npm packages the import map
and the service worker use, and every published micro-app version.

Published versions (``/static/apps/<slug>/<version>/``) and npm packages
(``/static/vendor/<package>@<version>/``) sit under versioned URLs and never change: they are
cached for a year as ``immutable``. The shell's own assets revalidate. Nothing here varies by
cookie: WhiteNoise answers before the session middleware runs. Files are sent compressed
(brotli or gzip, as the browser accepts) when a compressed copy was written beside them:
published versions get theirs as they are published, the shell's assets and the npm packages
from ``manage.py compress_static`` (``make`` runs it at set-up). A copy older than its file is
ignored, so an edited asset is never served stale.

Published versions are read through the release storage (``shell.registry.release_storage``), and only
completed ones (holding their marker): never a ``.staging-*`` folder or a version being written,
nor any other folder or file whose name starts with a dot. Versions are published while the
shop runs, so a published file is looked up on its first request, then kept. On a storage with
local files (a folder, shared by the replicas or not) WhiteNoise serves them from disk; from
any other (an object store) they are streamed from the storage, with the same headers and an
ETag every replica agrees on.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import closing
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from wsgiref.headers import Headers

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from whitenoise.compress import Compressor
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import NOT_ALLOWED_RESPONSE, MissingFileError, Response, StaticFile

from shell.registry import release_storage
from shell.registry.shared_modules import SHELL_STATIC, npm_version, served_npm_packages

APPS_PREFIX = "/static/apps/"
VENDOR_PREFIX = "/static/vendor/"
COMPRESSED = {"br": ".br", "gzip": ".gz"}
INLINE_MAX = 256 * 1024  # bytes: files up to this size are sent as one body
# Explicit, so that the answer does not depend on the host's mime.types (X-Content-Type-Options
# is nosniff: a font or WebAssembly module with the wrong type does not load).
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
}


class StaticFiles(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings) -> None:
        super().__init__(get_response, settings)
        for package in sorted(served_npm_packages()):
            prefix = f"{VENDOR_PREFIX}{package}@{npm_version(package)}/"
            self.add_files(str(settings.NODE_MODULES / package), prefix=prefix)

    def __call__(self, request):
        static_file = self.find(request.path_info)
        if static_file is not None:
            return self.serve(static_file, request)
        return self.get_response(request)

    def lookup(self, path: str) -> StaticFile | None:
        """A file answered without waiting on the network (what the ASGI handler answers in
        the event loop): not one streamed from an object store, which the middleware answers
        in a worker thread."""
        if path.startswith(APPS_PREFIX) and not release_storage.has_local_files():
            return None
        return self.find(path)

    def find(self, path: str) -> StaticFile | None:
        static_file = self.files.get(path)
        if static_file is None and path.startswith(APPS_PREFIX):
            static_file = self._published(path)
        return static_file

    def _published(self, url: str) -> StaticFile | None:
        try:
            found = _published_file(url.removeprefix(APPS_PREFIX))
            if found is None:
                return None
            name, digest = found
            path = release_storage.local_path(name)
        except SuspiciousFileOperation:  # the path tried to escape its root
            return None
        if path is None:
            return self._stored(url, name, digest)
        if not path.is_file():
            return None
        self.add_file_to_dictionary(url, str(path))
        return self.files[url]

    def _stored(self, url: str, name: str, digest: str) -> StaticFile | None:
        """A published file of a storage with no local files, streamed from it."""
        headers = self._headers(name, url)
        # Immutable bytes under a name: an ETag from both, the same on every replica.
        headers["ETag"] = f'"{hashlib.sha256(f"{digest}/{name}".encode()).hexdigest()[:32]}"'
        encodings = {encoding: name + suffix for encoding, suffix in COMPRESSED.items()}
        try:
            static_file = StoredFile(name, headers.items(), encodings=encodings)
        except MissingFileError:
            return None
        self.files[url] = static_file
        return static_file

    def _headers(self, path: str, url: str) -> Headers:
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        if self.allow_all_origins:
            headers["Access-Control-Allow-Origin"] = "*"  # modules may be imported cross-origin
        headers["X-Content-Type-Options"] = "nosniff"
        return headers

    def add_mime_headers(self, headers, path: str, url: str) -> None:
        content_type = CONTENT_TYPES.get(Path(path).suffix.lower())
        if content_type:
            headers["Content-Type"] = content_type
        else:
            super().add_mime_headers(headers, path, url)

    def serve(self, static_file, request):
        """A small file goes out as one body: Django's ASGI handler would send a streamed one
        chunk by chunk, each through a worker thread."""
        response = super().serve(static_file, request)
        if (
            not response.streaming
            or int(response.get("Content-Length") or INLINE_MAX + 1) > INLINE_MAX
        ):
            return response
        with closing(response):
            whole = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
        for header, value in response.items():
            whole[header] = value
        return whole

    def immutable_file_test(self, path: str, url: str) -> bool:
        return is_versioned(url)

    def get_static_file(self, path, url, stat_cache=None):
        """WhiteNoise's, except that a compressed copy counts only when it is as new as its
        file (``compress_static`` gives a copy its file's modification time; publishing writes
        a copy after its file)."""
        if stat_cache is None and not os.path.exists(path):
            raise MissingFileError(path)
        headers = self._headers(path, url)
        mtime = os.stat(path).st_mtime
        encodings = {
            encoding: path + suffix
            for encoding, suffix in COMPRESSED.items()
            if (_modified_at(path + suffix) or 0) >= mtime
        }
        return StaticFile(path, headers.items(), stat_cache=stat_cache, encodings=encodings)


@dataclass(frozen=True)
class StoredEntry:
    """A stored file as WhiteNoise's ``FileEntry`` describes one on disk."""

    path: str  # its name in the release storage
    size: int
    mtime: None = None  # (no Last-Modified: the ETag validates)


class StoredFile(StaticFile):
    """A published file of a storage with no local files (an object store): its sizes are
    asked of the storage once, its bytes streamed from it on each request."""

    def get_file_stats(self, name, encodings, stat_cache):
        size = release_storage.stored_size(name)
        if size is None:
            raise MissingFileError(name)
        files = {None: StoredEntry(name, size)}
        for encoding, copy in (encodings or {}).items():
            size = release_storage.stored_size(copy)
            if size is not None:
                files[encoding] = StoredEntry(copy, size)
        return files

    def get_response(self, method, request_headers):
        if method not in ("GET", "HEAD"):
            return NOT_ALLOWED_RESPONSE
        if self.is_not_modified(request_headers):
            return self.not_modified_response
        name, headers = self.get_path_and_headers(request_headers)
        try:
            file = release_storage.open_file(name) if method != "HEAD" else None
        except FileNotFoundError:  # taken back since (a deploy refused after publishing it)
            return Response(HTTPStatus.NOT_FOUND, [], None)
        if range_header := request_headers.get("HTTP_RANGE"):
            try:
                return self.get_range_response(range_header, headers, file)
            except ValueError:  # not a range it understands: the whole file (the spec allows)
                pass
        return Response(HTTPStatus.OK, headers, file)


def is_versioned(url: str) -> bool:
    """Published versions and npm packages: their bytes never change under their URL."""
    return url.startswith((APPS_PREFIX, VENDOR_PREFIX))


def _modified_at(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def not_found(request, path: str):
    """A static URL that names no file (the files themselves never reach the URLconf)."""
    raise Http404(f"no static file {path!r}")


def compress(paths) -> int:
    """Write brotli and gzip copies of ``paths`` (when worth it); returns how many."""
    compressor = Compressor(quiet=True)
    written = 0
    for path in paths:
        if compressor.should_compress(str(path)):
            written += len(compressor.compress(str(path)))
    return written


def shell_and_vendor_files():
    """What ``compress_static`` compresses: the shell's assets and the served npm packages."""
    roots = [SHELL_STATIC, *(settings.NODE_MODULES / p for p in sorted(served_npm_packages()))]
    for root in roots:
        for path in Path(root).rglob("*"):
            if path.is_file() and path.suffix not in (".br", ".gz"):
                yield path


def _published_file(rest: str) -> tuple[str, str] | None:
    """``<slug>/<version>/<file>``: the file's name in the release storage and its version's
    digest, only in a completed version (one that holds its marker, written last)."""
    parts = rest.split("/")
    if len(parts) < 3 or any(
        not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts
    ):
        return None
    slug, version, *path = parts
    digest = release_storage.version_digest(slug, version)
    if digest is None:
        return None
    return release_storage.file_name(slug, version, "/".join(path)), digest
