"""HTTP hardening that applies to every response of the shop: request body limits (413 in the
APIs' JSON error shape, before a view reads anything) and the Content-Security-Policy with a
fresh nonce per response (the page's inline import map carries it; nothing else inline runs).
"""

from __future__ import annotations

import secrets

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


def policy(nonce: str, extra_origins: list[str] | tuple[str, ...] = ()) -> str:
    script_sources = " ".join(
        ["'self'", f"'nonce-{nonce}'", *settings.BAZAAR_SCRIPT_ORIGINS, *extra_origins]
    )
    return "; ".join(
        [
            f"script-src {script_sources}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicy:
    """Scripts only from the shop (and configured module origins) or carrying this response's
    nonce; no plugins, no <base>, no framing. Templates read the nonce as ``csp_nonce``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # A view may let scripts come from more origins for this response (dev overrides).
        extra = getattr(request, "csp_script_origins", ())
        response.setdefault("Content-Security-Policy", policy(request.csp_nonce, extra))
        return response


def csp_nonce(request: HttpRequest) -> dict:
    """Template context processor: ``{{ csp_nonce }}``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
