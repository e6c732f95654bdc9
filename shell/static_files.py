"""Serve static files: published micro-app versions, npm modules and the shell's own assets.

Published versions and npm modules sit under versioned URLs and never change, so they are
cached for a year as immutable. Everything else gets an ETag and revalidates. Only completed
version folders are served: never a ``.staging-*`` folder being written, nor any other folder
or file whose name starts with a dot.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from shell.services import published_digest
from shell.shared_modules import npm_version, served_npm_packages

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
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


@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponse:
    file, cache_control = _locate(path)
    if file is None or not file.is_file() or file.name.startswith("."):
        raise Http404(f"no static file {path!r}")
    stat = file.stat()
    etag = (
        '"'
        + hashlib.md5(
            f"{stat.st_mtime_ns}-{stat.st_size}".encode(), usedforsecurity=False
        ).hexdigest()
        + '"'
    )
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        content_type = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        response = FileResponse(
            file.open("rb"), content_type=content_type or "application/octet-stream"
        )
        response["Content-Length"] = str(stat.st_size)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # modules may be imported cross-origin
    return response


def _locate(path: str) -> tuple[Path | None, str]:
    head, _, rest = path.partition("/")
    try:
        if head == "apps":
            return _published_file(rest), IMMUTABLE
        if head == "vendor":
            return _npm_file(rest), IMMUTABLE
    except SuspiciousFileOperation:  # the path tried to escape its root
        return None, REVALIDATE
    found = finders.find(path)
    return (Path(found) if found else None), REVALIDATE


def _published_file(rest: str) -> Path | None:
    """``<slug>/<version>/<file>``: only inside a completed version folder (one that holds its
    digest file, which publishing writes before renaming the folder into place)."""
    parts = rest.split("/")
    if len(parts) < 3 or any(not part or part.startswith(".") for part in parts):
        return None
    folder = Path(safe_join(settings.PUBLISH_ROOT, parts[0], parts[1]))
    if published_digest(folder) is None:
        return None
    return Path(safe_join(folder, *parts[2:]))


def _npm_file(rest: str) -> Path | None:
    """``<package>@<version>/<file>``: only served packages, only the installed version."""
    parts = rest.split("/")
    count = 2 if rest.startswith("@") else 1
    package, _, version = "/".join(parts[:count]).rpartition("@")
    if package not in served_npm_packages() or npm_version(package) != version:
        return None
    return Path(safe_join(settings.NODE_MODULES / package, "/".join(parts[count:])))
