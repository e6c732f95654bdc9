"""Traces with OpenTelemetry: one W3C trace from the shopper's tap to the live push it causes.

Every Bazaar process (the shell, each BFF served alone, each hub worker) sets up a tracer
provider at start-up (``setup``, from ``BazaarConfig.ready``):

- HTTP requests get a server span (``ServerSpans``), continuing the ``traceparent`` the request
  carries (the browser's outbox sends one with every command); the queries, Redis commands and
  outgoing HTTP requests made while it runs get spans of their own
  (``opentelemetry-instrumentation-psycopg``, ``-redis``, ``-requests``);
- a BFF's trigger writes the current ``traceparent`` into the event's ``tags``, so the relay
  that publishes it, every listener that applies it and the live push it causes continue the
  same trace (``event_span``), in whatever process and however much later;
- spans the browser reports (``POST /rum``) join them (``record_browser_span``).

Sampling follows the parent (the browser decides for the commands it starts); a request that
carries no trace begins one at ``BAZAAR_TRACE_SAMPLE`` (1.0 in dev, 0.1 otherwise); nothing else
begins a trace. Spans go to the
collector of ``OTEL_EXPORTER_OTLP_ENDPOINT`` (Jaeger, Tempo…) when it is set, otherwise to a
JSON-lines file (``BAZAAR_TRACE_FILE``, by default ``traces.jsonl`` in the data folder) that
``manage.py trace <trace-id>`` prints as a tree. ``BAZAAR_TRACING=off`` turns it all off.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.sampling import Decision, ParentBased, Sampler, SamplingResult
from opentelemetry.trace import SpanContext, SpanKind, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

# Requests that are not a user's action: probes, scrapes, the long poll's waits, static files.
UNTRACED = ("/healthz", "/metrics", "/live/poll", "/static/", "/sw.js", "/rum")
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})", re.ASCII)
MAX_TRACE_FILE_BYTES = 20 * 1024 * 1024
ACCESS_LOG = "bazaar.logs.AccessLog"
SERVER_SPANS = "bazaar.tracing.ServerSpans"
_propagator = TraceContextTextMapPropagator()
_lock = threading.Lock()
_provider: TracerProvider | None = None
_processor: BatchSpanProcessor | None = None
tracer = trace.get_tracer("bazaar")


class JsonLinesExporter(SpanExporter):
    """Each finished span as one JSON line appended to ``path`` (several processes may append
    to one file: each line is written whole, with one ``write``). Past ``max_bytes`` the file
    becomes ``<path>.1`` (the one before is dropped) and a new one begins."""

    def __init__(self, path: Path, max_bytes: int = MAX_TRACE_FILE_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        path.parent.mkdir(parents=True, exist_ok=True)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = "".join(
            json.dumps(span_record(span), separators=(",", ":")) + "\n" for span in spans
        )
        with contextlib.suppress(FileNotFoundError):
            if self.path.stat().st_size > self.max_bytes:
                os.replace(self.path, rotated(self.path))
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        pass


def rotated(path: Path) -> Path:
    return path.with_name(path.name + ".1")


def span_record(span: ReadableSpan) -> dict:
    parent = span.parent
    return {
        "trace_id": f"{span.context.trace_id:032x}",
        "span_id": f"{span.context.span_id:016x}",
        "parent_id": f"{parent.span_id:016x}" if parent else None,
        "name": span.name,
        "kind": span.kind.name.lower(),
        "service": span.resource.attributes.get("service.name", ""),
        "start_ns": span.start_time,
        "end_ns": span.end_time,
        "status": span.status.status_code.name.lower(),
        "attributes": dict(span.attributes or {}),
    }


def setup(service: str) -> None:
    """This process's tracer provider and the Django instrumentation (once; idempotent)."""
    global _provider, _processor
    from django.conf import settings

    with _lock:
        if _provider is not None or not settings.BAZAAR_TRACING:
            return
        provider = TracerProvider(
            resource=Resource.create({"service.name": service}),
            sampler=ParentBased(root=RequestRoots()),
        )
        if settings.BAZAAR_OTLP_ENDPOINT:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter: SpanExporter = OTLPSpanExporter()
        else:
            exporter = JsonLinesExporter(Path(settings.BAZAAR_TRACE_FILE))
        _processor = BatchSpanProcessor(exporter, schedule_delay_millis=500)
        provider.add_span_processor(_processor)
        trace.set_tracer_provider(provider)
        _provider = provider
        instrument_libraries(provider)
        # The server span's middleware goes right before the access log (which then writes
        # inside the request's span), after a Host is known to be served; in the chain the
        # shell gives its embedded BFFs too (bazaar/handler.py).
        for name in ("MIDDLEWARE", "BAZAAR_BFF_MIDDLEWARE"):
            chain = [m for m in getattr(settings, name, None) or [] if m != SERVER_SPANS]
            if ACCESS_LOG in chain:
                at = chain.index(ACCESS_LOG)
                setattr(settings, name, [*chain[:at], SERVER_SPANS, *chain[at:]])


def instrument_libraries(provider: TracerProvider) -> None:
    """Spans for what a request does through psycopg (PostgreSQL), redis-py and requests (the
    OpenID provider, the JWKS). Each only records inside a sampled trace: outside one it does
    not start a trace of its own (``RequestRoots``)."""
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor

    PsycopgInstrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
    RedisInstrumentor().instrument(tracer_provider=provider)
    RequestsInstrumentor().instrument(tracer_provider=provider)


class RequestRoots(Sampler):
    """Where a span has no parent: only a request's server span begins a trace (``ServerSpans``
    has already kept its share, ``BAZAAR_TRACE_SAMPLE``); a query, a Redis command or an HTTP
    call made outside any trace (a hub worker's, a start-up's) does not start one."""

    def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, *_, **__):
        if kind == SpanKind.SERVER:
            return SamplingResult(Decision.RECORD_AND_SAMPLE, attributes)
        return SamplingResult(Decision.DROP)

    def get_description(self) -> str:
        return "RequestRoots"


class ServerSpans:
    """A server span for each HTTP request that is a user's action (``UNTRACED`` are not),
    continuing the request's ``traceparent``.

    Lean on purpose: a request that carries no trace begins one at ``BAZAAR_TRACE_SAMPLE``,
    decided before anything else is done, so the requests not kept (90 % at the production
    rate) cost one random number; one that carries a trace follows the decision it carries (an
    unsampled one still passes it on, to the events it emits). A kept span is named after its
    route (``GET /bff/catalog/api/products``) once the view has run and gets the HTTP
    semantic-convention attributes. (``opentelemetry-instrumentation-django``
    did the same work on every request, resolving the URL again and collecting every attribute
    before sampling: 14-17 % of a page's throughput at a 10 % rate, docs/performance.md.)
    """

    def __init__(self, get_response) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.sample = settings.BAZAAR_TRACE_SAMPLE

    def __call__(self, request):
        if _provider is None or request.path.startswith(UNTRACED):
            return self.get_response(request)
        headers = request.headers
        parent = _propagator.extract(headers) if "traceparent" in headers else None
        if parent is None and random.random() >= self.sample:
            return self.get_response(request)
        span = tracer.start_span(request.method, context=parent, kind=SpanKind.SERVER)
        with trace.use_span(span, end_on_exit=True, record_exception=True):
            response = self.get_response(request)
            if span.is_recording():
                match = request.resolver_match
                route = "/" + match.route if match is not None and match.route else None
                if route:
                    span.update_name(f"{request.method} {route}")
                span.set_attributes(
                    {
                        "http.request.method": request.method,
                        "url.path": request.path,
                        "url.scheme": request.scheme,
                        "server.address": request.META.get("HTTP_HOST", ""),
                        "http.response.status_code": response.status_code,
                        **({"http.route": route} if route else {}),
                        **(
                            {"user_agent.original": headers["user-agent"][:200]}
                            if "user-agent" in headers
                            else {}
                        ),
                    }
                )
                if response.status_code >= 500:
                    span.set_status(trace.StatusCode.ERROR)
            return response


def flush() -> None:
    """Export what has finished (before a short-lived process exits, or for a test)."""
    if _provider is not None:
        _provider.force_flush()


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the span running now, or None outside any trace."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def context_of(traceparent: str | None):
    """The OpenTelemetry context that continues ``traceparent`` (None: a new trace)."""
    if not traceparent or not TRACEPARENT.fullmatch(traceparent):
        return None
    return _propagator.extract({"traceparent": traceparent})


@contextlib.contextmanager
def continuing(
    traceparent: str | None, name: str, *, kind: SpanKind, **attributes
) -> Iterator[None]:
    """A span of the trace ``traceparent`` names, current while the block runs; without a
    traceparent (or with tracing off) the block runs without a span."""
    parent = context_of(traceparent)
    if parent is None or _provider is None:
        yield
        return
    with tracer.start_as_current_span(name, context=parent, kind=kind, attributes=attributes):
        yield


def event_span(name: str, envelope: dict, *, kind: SpanKind, **attributes):
    """A span continuing the trace an event carries (``tags.traceparent``)."""
    return continuing(
        (envelope.get("tags") or {}).get("traceparent"),
        name,
        kind=kind,
        **{
            "messaging.system": "bazaar-eventhub",
            "messaging.message.id": envelope.get("id", ""),
            "bazaar.event.type": envelope.get("type", ""),
            **attributes,
        },
    )


def record_browser_span(
    *,
    trace_id: str,
    span_id: str,
    parent_id: str | None,
    name: str,
    start_ns: int,
    end_ns: int,
    attributes: dict,
) -> bool:
    """A span the browser measured (its ids its own), exported beside this process's spans.
    False when tracing is off."""
    if _processor is None:
        return False
    context = SpanContext(
        int(trace_id, 16), int(span_id, 16), is_remote=False, trace_flags=TraceFlags(1)
    )
    parent = (
        SpanContext(int(trace_id, 16), int(parent_id, 16), is_remote=True) if parent_id else None
    )
    span = ReadableSpan(
        name=name,
        context=context,
        parent=parent,
        resource=Resource.create({"service.name": "browser"}),
        attributes=attributes,
        kind=SpanKind.CLIENT,
        start_time=start_ns,
        end_time=end_ns,
    )
    _processor.on_end(span)
    return True


def trace_ids() -> dict[str, str]:
    """``trace_id`` and ``span_id`` of the span running now (empty outside any), for logs."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": f"{context.trace_id:032x}", "span_id": f"{context.span_id:016x}"}
