"""``POST /rum``: what real browsers report of the shop (sent with ``navigator.sendBeacon``).

- ``spans``: the spans the browser measured of the shopper's actions, each the root of the
  trace its command carries through the BFF, the event hub and the live push (the outbox's
  ``traceparent``), handed to this process's span exporter (bazaar/tracing.py);
- ``vitals``: the page's web vitals (the ``web-vitals`` package: LCP, INP, CLS, FCP, TTFB, soft
  navigations included), by the app owning the page;
- ``apps``: each micro-app's load and mount time on the page;
- ``errors``: each micro-app's failures, to load, to mount, or thrown later by its code.

The last three become Prometheus metrics (shell/rum/metrics.py) and each release's tallies,
by which canaries are judged (shell/registry/judge.py).

A report is validated whole before anything is kept (a 422 names the field; its OpenAPI is
``/rum/openapi.json``), at most ``BAZAAR_RUM_MAX_BODY_BYTES`` (413, refused as its headers
arrive: bazaar.http.body_limit) and ``MAX_SPANS`` spans, and a client may send ``RATE``
reports a minute (429 after that): a hostile client cannot flood the trace store or the
metrics.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bazaar.api import ApiError, create_api, errors
from bazaar.errors import Invalid
from bazaar.tracing import record_browser_span
from shell.registry import judge
from shell.rum import metrics

log = logging.getLogger("bazaar.rum")

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


AppName = Annotated[str, StringConstraints(min_length=1, max_length=214)]
Version = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Millis = Annotated[float, Field(ge=0, le=600_000)]


class Vital(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Literal["LCP", "INP", "CLS", "FCP", "TTFB"]
    value: Millis = Field(description="ms; CLS: its score")
    app: AppName | None = Field(None, description="the app owning the page, if any")
    version: Version | None = None
    navigation: Literal["hard", "soft"] = "hard"


class AppTiming(BaseModel):
    model_config = ConfigDict(extra="forbid")

    app: AppName
    version: Version
    phase: Literal["load", "mount"]
    ms: Millis


class AppError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    app: AppName
    version: Version
    phase: Literal["load", "mount", "runtime"]
    message: str = Field("", max_length=300)


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spans: list[BrowserSpan] = Field(default_factory=list, max_length=MAX_SPANS)
    revision: int = Field(0, ge=0, le=2**31, description="the registry revision of the page")
    vitals: list[Vital] = Field(default_factory=list, max_length=20)
    apps: list[AppTiming] = Field(default_factory=list, max_length=50)
    errors: list[AppError] = Field(default_factory=list, max_length=20)


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


class TooOften(ApiError):
    status = 429
    code = "rate_limited"


api = create_api(
    namespace="rum",
    title="Bazaar real-user monitoring",
    description="What real browsers report of the shop, sent with navigator.sendBeacon: "
    "spans of the shopper's actions, web vitals, each micro-app's load, mount and errors.",
    docs_url="rum/docs",
    openapi_url="rum/openapi.json",
)
# Mounted at the site's root without its API-root view (``/`` is the shop): its OpenAPI paths
# start at "/".
api.get_root_path = lambda path_params: "/"


@api.post("/rum", response={204: None, **errors(429)}, tags=["rum"])
def rum(request: HttpRequest, report: Report):
    """Keep a browser's report: its spans join the traces, the rest becomes metrics and the
    releases' figures. A beacon carries no CSRF token and no credentials: a report can only
    add spans and counts, and is rate-limited."""
    if not limiter.allow(request.META.get("REMOTE_ADDR", "")):
        raise TooOften(f"at most {RATE} reports a minute")
    now_ms = time.time() * 1000
    for span in report.spans:
        if span.end < span.start or abs(span.start - now_ms) > MAX_SKEW_MS:
            raise Invalid(f"span {span.spanId}: its times are not a span of the last day")
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
    count(report)
    return Status(204, None)


def count(report: Report) -> None:
    """The report's vitals, timings and errors into the metrics and the releases' tallies.
    What names no release visitors get now counts as ``other`` and in no tally."""
    if not (report.vitals or report.apps or report.errors):
        return
    releases = judge.release_ids()
    tally = judge.Tally(revision=report.revision)

    def known(app: str | None, version: str | None) -> tuple[str, str, int | None]:
        release = releases.get((app, version))
        if release is None:
            return ("other" if app else "none"), "other", None
        return app, version, release

    for vital in report.vitals:
        app, _, release = known(vital.app, vital.version)
        if vital.name == "CLS":
            metrics.CLS.labels(app, vital.navigation).observe(vital.value)
        else:
            metrics.WEB_VITAL.labels(vital.name, app, vital.navigation).observe(vital.value / 1000)
        if release is not None:
            tally.vital(release, vital.name, vital.value)
    for timing in report.apps:
        app, version, release = known(timing.app, timing.version)
        histogram = metrics.APP_LOAD if timing.phase == "load" else metrics.APP_MOUNT
        histogram.labels(app, version).observe(timing.ms / 1000)
        if release is not None and timing.phase == "mount":
            tally.view(release, failed=False)
    for error in report.errors:
        app, version, release = known(error.app, error.version)
        metrics.APP_ERRORS.labels(app, version, error.phase).inc()
        log.warning(
            "%s %s: %s error: %s",
            error.app,
            error.version,
            error.phase,
            error.message,
            extra={
                "event": "browser-error",
                "app": app,
                "version": version,
                "phase": error.phase,
            },
        )
        if release is None:
            continue
        if error.phase == "runtime":
            tally.error(release)
        else:
            tally.view(release, failed=True)  # a page view it failed to load or mount on
    judge.record(tally)
