"""``POST /rum``: what real browsers report of the shop (sent with ``navigator.sendBeacon``).

Today: the spans the browser measured of the shopper's actions, each the root of the trace its
command carries through the BFF, the event hub and the live push (the outbox's
``traceparent``), handed to this process's span exporter (bazaar/tracing.py).

A report is validated whole before anything is kept (a 400 names the field), at most
``MAX_BYTES`` (413) and ``MAX_SPANS`` spans, and a client may send ``RATE`` reports a minute
(429 after that): a hostile client cannot flood the trace store.
"""

from __future__ import annotations

import collections
import json
import threading
import time
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bazaar.api import error_response
from bazaar.tracing import record_browser_span

MAX_BYTES = 64 * 1024
MAX_SPANS = 50
RATE = 60  # reports per client per minute
WINDOW_S = 60.0
# Browser clocks are not the server's: a span more than a day away from now is refused.
MAX_SKEW_MS = 24 * 3600 * 1000

Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Hex16 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
Short = Annotated[str, StringConstraints(max_length=200)]


class BrowserSpan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    traceId: Hex32
    spanId: Hex16
    parentId: Hex16 | None = None
    name: str = Field(min_length=1, max_length=100)
    start: float = Field(description="epoch ms")
    end: float = Field(description="epoch ms")
    attributes: dict[
        Annotated[str, StringConstraints(max_length=64)], Short | int | float | bool
    ] = Field(default_factory=dict, max_length=20)


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spans: list[BrowserSpan] = Field(default_factory=list, max_length=MAX_SPANS)


class _Limiter:
    """At most ``RATE`` reports per client in any ``WINDOW_S`` (sliding), per process."""

    def __init__(self) -> None:
        self._seen: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget the idle ones
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_S}
            times = self._seen.setdefault(client, collections.deque())
            while times and times[0] <= now - WINDOW_S:
                times.popleft()
            if len(times) >= RATE:
                return False
            times.append(now)
            return True


limiter = _Limiter()


@csrf_exempt  # a beacon carries no CSRF token; it can only add spans, and is rate-limited
@require_POST
def rum(request: HttpRequest) -> HttpResponse:
    if len(request.body) > MAX_BYTES:
        return error_response(413, "too_large", f"a report may have at most {MAX_BYTES} bytes")
    if not limiter.allow(request.META.get("REMOTE_ADDR", "")):
        return error_response(429, "rate_limited", f"at most {RATE} reports a minute")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return error_response(400, "invalid_json", "the report is not JSON")
    try:
        report = Report.model_validate(body)
    except ValidationError as error:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]) or "report", "message": e["msg"]}
            for e in error.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return error_response(422, "validation_error", detail, errors)
    now_ms = time.time() * 1000
    for span in report.spans:
        if span.end < span.start or abs(span.start - now_ms) > MAX_SKEW_MS:
            return error_response(
                422,
                "validation_error",
                f"span {span.spanId}: its times are not a span of the last day",
            )
    for span in report.spans:
        record_browser_span(
            trace_id=span.traceId,
            span_id=span.spanId,
            parent_id=span.parentId,
            name=span.name,
            start_ns=int(span.start * 1_000_000),
            end_ns=int(span.end * 1_000_000),
            attributes=dict(span.attributes),
        )
    return HttpResponse(status=204)
