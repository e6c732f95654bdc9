"""Prometheus metrics for this process: requests by route kind and status, and latency."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "bazaar_http_requests_total", "HTTP requests served", ["area", "method", "status"]
)
LATENCY = Histogram("bazaar_http_request_seconds", "HTTP request latency", ["area"])
DEPLOYS = Counter("bazaar_registry_revisions_total", "Registry revisions written", ["action"])


def _area(path: str) -> str:
    head = path.strip("/").split("/", 2)
    if head[0] == "bff" and len(head) > 1:
        return f"bff:{head[1]}"
    return (
        head[0]
        if head[0] in {"api", "static", "ws", "live", "oidc", "healthz", "metrics"}
        else "page"
    )


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        area = _area(request.path)
        LATENCY.labels(area).observe(time.perf_counter() - started)
        REQUESTS.labels(area, request.method, str(response.status_code)).inc()
        return response


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
