"""Structured logs: one JSON object a line, carrying the trace and span ids of the span running
when it was written, so that a log line and its trace find each other.

``JsonFormatter`` formats every record of the process that way (``BAZAAR_LOG_FORMAT=json``, the
default outside dev); what a record was given as ``extra`` becomes fields of its own.
``AccessLog`` writes one line per HTTP request (logger ``bazaar.access``): method, path (never
its query, which may carry a code or a token), route, status, duration, the caller's ``sub``,
the BFF. Neither tokens nor bodies are ever logged.
"""

from __future__ import annotations

import json
import logging
import time

from bazaar.tracing import trace_ids

access_log = logging.getLogger("bazaar.access")
event_log = logging.getLogger("bazaar.events")

# The attributes every LogRecord has: what is not among them came as ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(trace_ids())
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, separators=(",", ":"))

    converter = time.gmtime


def caller(request) -> str | None:
    """The ``sub`` of who made the request: a BFF's verified token, or the shell's session."""
    principal = getattr(request, "auth", None)
    if getattr(principal, "sub", None):
        return principal.sub
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username()
    return None


class AccessLog:
    """One line per request, written while its server span is still the current one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if access_log.isEnabledFor(logging.INFO):
            parts = request.path.strip("/").split("/", 2)
            match = request.resolver_match
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": request.path,
                    "route": getattr(match, "route", None),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "sub": caller(request),
                    "bff": parts[1] if parts[0] == "bff" and len(parts) > 1 else None,
                },
            )
        return response


def event_applied(group: str, envelope: dict) -> None:
    """One line per event a listener group applied (in the event's span, when it has one)."""
    if event_log.isEnabledFor(logging.INFO):
        event_log.info(
            "%s applied %s",
            group,
            envelope.get("type"),
            extra={
                "event": "event-applied",
                "group": group,
                "event_id": envelope.get("id"),
                "event_type": envelope.get("type"),
                "source": (envelope.get("tags") or {}).get("source"),
            },
        )
