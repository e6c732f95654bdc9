"""Prometheus metrics of this process (every Bazaar process has them: the shell, each BFF,
each hub worker): HTTP requests by area and status, their latency, and the hub's work."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "bazaar_http_requests_total", "HTTP requests served", ["area", "method", "status"]
)
LATENCY = Histogram("bazaar_http_request_seconds", "HTTP request latency", ["area"])
HUB_APPLIED = Counter(
    "bazaar_hub_events_applied_total", "Events a listener group applied", ["group"]
)
HUB_RELAYED = Counter("bazaar_hub_events_relayed_total", "Pending events relayed to the hub")
HUB_FAULTS = Counter("bazaar_hub_faults_total", "Events a group gave up on", ["group"])
HUB_BATCHES = Histogram(
    "bazaar_hub_batch_events",
    "Events in the batches a listener group applied (small ones cost more an event)",
    ["group"],
    buckets=(1, 10, 50, 100, 250, 500, 1000),
)

AREAS = {"api", "static", "ws", "live", "oidc", "healthz", "metrics"}
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _area(path: str) -> str:
    """A bounded label: unknown BFF names and paths must not create new time series."""
    from django.conf import settings

    head = path.strip("/").split("/", 2)
    if head[0] == "bff" and len(head) > 1:
        return f"bff:{head[1]}" if head[1] in settings.BAZAAR_BFFS else "bff:other"
    return head[0] if head[0] in AREAS else "page"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        area = _area(request.path)
        LATENCY.labels(area).observe(time.perf_counter() - started)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(area, method, str(response.status_code)).inc()
        return response


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
