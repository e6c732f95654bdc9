"""Serve static files: published micro-app versions, npm modules and the shell's own assets.

Published versions and npm modules sit under versioned URLs and never change, so they are
cached for a year as immutable. Everything else gets an ETag and revalidates.
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

from shell.shared_modules import npm_version, shared_npm_packages

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
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
            return Path(safe_join(settings.PUBLISH_ROOT, rest)), IMMUTABLE
        if head == "vendor":
            return _npm_file(rest), IMMUTABLE
    except SuspiciousFileOperation:  # the path tried to escape its root
        return None, REVALIDATE
    found = finders.find(path)
    return (Path(found) if found else None), REVALIDATE


def _npm_file(rest: str) -> Path | None:
    """``<package>@<version>/<file>``: only shared packages, only the installed version."""
    parts = rest.split("/")
    count = 2 if rest.startswith("@") else 1
    package, _, version = "/".join(parts[:count]).rpartition("@")
    if package not in shared_npm_packages() or npm_version(package) != version:
        return None
    return Path(safe_join(settings.NODE_MODULES / package, "/".join(parts[count:])))
