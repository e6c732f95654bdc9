"""The shop's Content-Security-Policy, with a fresh nonce per response (the page's inline
import map carries it; nothing else inline runs). Body limits are the platform's
(bazaar.http)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
