"""HTTP hardening every Bazaar process applies: request body limits, answered with 413 in the
APIs' JSON error shape before a view reads anything."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from bazaar.api import error_response


def body_limit(path: str) -> int:
    """The largest request body ``path`` accepts: the registry takes bundles of files, every
    other endpoint small JSON commands."""
    if path.startswith("/api/registry/"):
        return settings.BAZAAR_DEPLOY_MAX_BODY_BYTES
    return settings.BAZAAR_MAX_BODY_BYTES


def too_large(limit: int) -> HttpResponse:
    return error_response(
        413,
        "payload_too_large",
        f"the request body is larger than this endpoint takes ({limit:,} bytes)",
    )


class RequestSizeLimit:
    """Refuses a body over its endpoint's limit with 413 before any view reads it. A body
    without Content-Length (chunked) is read here, bounded, and checked the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > limit:
            return too_large(limit)
        if not declared and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            try:
                size = len(request.body)
            except RequestDataTooBig:
                return too_large(limit)
            if size > limit:
                return too_large(limit)
        return self.get_response(request)
