"""A BFF served alone: its API at the same path as in the embedded mode, and the platform's
``/healthz`` and ``/metrics``; anything else answers the APIs' JSON 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from bazaar import ops
from bazaar.api import error_response
from bazaar.discovery import bff_url_patterns


def not_found(request: HttpRequest, *args) -> HttpResponse:
    return error_response(404, "not_found", f"no API endpoint at {request.path}")


urlpatterns = [
    *bff_url_patterns(),
    *ops.urlpatterns,
    re_path(r"^.*$", not_found),
]
