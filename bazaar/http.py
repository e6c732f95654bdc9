"""HTTP hardening every Bazaar process applies, answered in the APIs' JSON error shape before
a view reads anything: a ``Host`` this server does not serve (400) and request body limits
(413)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from bazaar.api import error_response

# Where Django reports a DisallowedHost it turns into a 400 itself.
host_log = logging.getLogger("django.security.DisallowedHost")


class AllowedHosts:
    """Refuses a request whose ``Host`` is not one of ``ALLOWED_HOSTS`` with 400, whatever
    its path, before any view runs. The shell's own chain has Django's CommonMiddleware check
    the host for its pages; the BFFs' chains (embedded: ``BAZAAR_BFF_MIDDLEWARE``, alone:
    ``bazaar.bff_settings``) have nothing that does, so the check happened wherever an
    operation first read the host (building an absolute URL), inside the API, where it
    became a 500, or an operation that never reads it answered a host it does not serve."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost as error:
            host_log.error(str(error), extra={"status_code": 400, "request": request})
            return error_response(
                400, "bad_host", "the Host header names a host this server does not serve"
            )
        return self.get_response(request)


def body_limit(path: str) -> int:
    """The largest request body ``path`` accepts: the registry takes bundles of files, the
    browsers' reports less than a command, every other endpoint small JSON commands."""
    if path.startswith("/api/registry/"):
        return settings.BAZAAR_DEPLOY_MAX_BODY_BYTES
    if path == "/rum":  # what a browser reports with sendBeacon (shell/rum/)
        return settings.BAZAAR_RUM_MAX_BODY_BYTES
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
