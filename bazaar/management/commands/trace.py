"""``manage.py trace <trace-id>``: one trace as a tree, with when each span began and how long
it took, from the spans this machine's processes wrote (``BAZAAR_TRACE_FILE``; with an OTLP
collector, look the trace up there). ``manage.py trace`` alone lists the latest traces."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bazaar import tracing


def read_spans(path: Path) -> list[dict]:
    if not path.exists():
        return []
    spans = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                spans.append(json.loads(line))
            except ValueError:  # a line being written by another process right now
                continue
    return spans


def tree(spans: list[dict]) -> list[tuple[int, dict]]:
    """(depth, span) in the order to print: each span after its parent, siblings by start;
    a span whose parent is not among them (not exported yet, or sampled out) is a root."""
    ids = {s["span_id"] for s in spans}
    children = defaultdict(list)
    roots = []
    for span in spans:
        if span["parent_id"] in ids:
            children[span["parent_id"]].append(span)
        else:
            roots.append(span)
    ordered: list[tuple[int, dict]] = []

    def walk(span: dict, depth: int) -> None:
        ordered.append((depth, span))
        for child in sorted(children[span["span_id"]], key=lambda s: s["start_ns"]):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda s: s["start_ns"]):
        walk(root, 0)
    return ordered


class Command(BaseCommand):
    help = "Print one trace as a tree with timings (or, without an id, list the latest traces)."

    def add_arguments(self, parser):
        parser.add_argument("trace_id", nargs="?", help="32 hex digits")
        parser.add_argument("--file", type=Path, help="the spans file (BAZAAR_TRACE_FILE)")
        parser.add_argument("--json", action="store_true", help="the spans as JSON")
        parser.add_argument("--latest", type=int, default=20, help="how many traces to list")

    def handle(self, *args, trace_id=None, file=None, json=False, latest=20, **options):
        tracing.flush()
        path = file or Path(settings.BAZAAR_TRACE_FILE)
        spans = read_spans(tracing.rotated(path)) + read_spans(path)
        if trace_id is None:
            self._list(spans, latest)
            return
        trace_id = trace_id.lower()
        if not tracing.TRACEPARENT.fullmatch(f"00-{trace_id}-{'0' * 16}-01"):
            raise CommandError(f"{trace_id!r} is not a trace id (32 hex digits)")
        mine = [s for s in spans if s["trace_id"] == trace_id]
        if not mine:
            raise CommandError(
                f"no span of trace {trace_id} in {file or settings.BAZAAR_TRACE_FILE}"
            )
        if json:
            self.stdout.write(__import__("json").dumps(mine, indent=2))
            return
        start = min(s["start_ns"] for s in mine)
        end = max(s["end_ns"] for s in mine)
        services = sorted({s["service"] for s in mine})
        self.stdout.write(
            f"trace {trace_id}: {len(mine)} spans, {(end - start) / 1e6:,.1f} ms, "
            f"{', '.join(services)}"
        )
        for depth, span in tree(mine):
            offset = (span["start_ns"] - start) / 1e6
            took = (span["end_ns"] - span["start_ns"]) / 1e6
            status = span["attributes"].get("http.response.status_code") or span["attributes"].get(
                "http.status_code", ""
            )
            error = "  ERROR" if span["status"] == "error" else ""
            group = span["attributes"].get("messaging.consumer.group.name")
            where = f"{span['service']} · {group}" if group else span["service"]
            self.stdout.write(
                f"{offset:9.1f} ms {took:9.1f} ms  {'  ' * depth}{span['name']}"
                f"  [{where}]{f' {status}' if status else ''}{error}"
            )

    def _list(self, spans: list[dict], latest: int) -> None:
        traces: dict[str, list[dict]] = defaultdict(list)
        for span in spans:
            traces[span["trace_id"]].append(span)
        newest = sorted(traces.items(), key=lambda t: -min(s["start_ns"] for s in t[1]))
        for trace_id, mine in newest[:latest]:
            root = min(mine, key=lambda s: s["start_ns"])
            self.stdout.write(
                f"{trace_id}  {len(mine):3} spans  {root['name']} [{root['service']}]"
            )
