"""Readiness and metrics, the same on every Bazaar process: ``/healthz`` reports each
dependency the process has (its databases, the channel layer, the event hub) and ``/metrics``
is Prometheus' text format. Web processes route them (``urlpatterns``); hub workers, which
serve no HTTP otherwise, answer them from a small server of their own (``serve_in_thread``).

``/healthz`` answers 503 only when a database does not answer (the process cannot do its work);
a channel layer or hub that does not answer makes it ``degraded`` with 200, since pages and
commands still work (live updates catch up, outboxes keep events until the hub is back).
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe

from bazaar.api import error_response
from bazaar.metrics import render as render_metrics

log = logging.getLogger("bazaar.ops")


def problem(error: Exception) -> str:
    return f"error: {error.__class__.__name__}"


def check_databases() -> dict[str, str]:
    states = {}
    for alias in connections:
        if connections.settings[alias].get("ENGINE", "").endswith("dummy"):
            continue
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            states[alias] = "ok"
        except Exception as error:  # noqa: BLE001 - report, don't crash, the probe
            states[alias] = problem(error)
    return states


def check_channel_layer() -> str | None:
    """None when this process has no channel layer, or it is in memory (nothing to reach)."""
    backend = settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "")
    if not backend.startswith("channels_redis"):
        return None
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    except Exception as error:  # noqa: BLE001
        return problem(error)


# The dependencies a process reports besides its databases, by name: each check answers "ok",
# what is wrong, or None when the process has no such dependency. Packages above the platform
# add theirs (the event hub its own, in its AppConfig.ready).
CHECKS: dict[str, Callable[[], str | None]] = {"channel_layer": check_channel_layer}


def register_check(name: str, check: Callable[[], str | None]) -> None:
    CHECKS[name] = check


def health() -> tuple[int, dict]:
    databases = check_databases()
    report: dict = {"databases": databases}
    optional = {name: check() for name, check in CHECKS.items()}
    report.update({name: state for name, state in optional.items() if state is not None})
    if any(state != "ok" for state in databases.values()):
        return 503, {"status": "unavailable", **report}
    degraded = any(state not in (None, "ok") for state in optional.values())
    return 200, {"status": "degraded" if degraded else "ok", **report}


def metrics_allowed(authorization: str) -> tuple[int, str] | None:
    """None when ``/metrics`` may answer; else (status, why)."""
    token = settings.BAZAAR_METRICS_TOKEN
    if not token:
        return None if settings.DEV else (404, "metrics are off: set BAZAAR_METRICS_TOKEN")
    sent = authorization.removeprefix("Bearer ")
    if not hmac.compare_digest(sent.encode(), token.encode()):
        return 401, "send Authorization: Bearer <token>"
    return None


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Ready when every datastore answers; each dependency's state."""
    status, report = health()
    return JsonResponse(report, status=status)


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics: behind BAZAAR_METRICS_TOKEN when set, off in production without."""
    refused = metrics_allowed(request.headers.get("Authorization", ""))
    if refused is not None:
        status, why = refused
        response = error_response(status, "not_found" if status == 404 else "unauthorized", why)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = render_metrics()
    return HttpResponse(body, content_type=content_type)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
]


class _OpsHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/healthz":
            status, report = health()
            self._send(status, json.dumps(report).encode(), "application/json")
        elif self.path == "/metrics":
            refused = metrics_allowed(self.headers.get("Authorization", ""))
            if refused is not None:
                status, why = refused
                self._send(status, json.dumps({"detail": why}).encode(), "application/json")
            else:
                self._send(200, *render_metrics())
        else:
            self._send(404, b'{"detail": "not found"}', "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        log.debug(format, *args)


def serve_in_thread(host: str, port: int) -> ThreadingHTTPServer:
    """``/healthz`` and ``/metrics`` of a process that serves no HTTP (a hub worker)."""
    server = ThreadingHTTPServer((host, port), _OpsHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="bazaar-ops", daemon=True).start()
    return server
