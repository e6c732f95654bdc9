"""POST /rum: the spans a browser measured join the traces of the servers; a report is
validated whole, bounded and rate-limited, and refusals name what is wrong."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from django.test import Client

from bazaar import tracing
from shell.rum import api as views

pytestmark = pytest.mark.django_db  # a report's counts go to the releases' tallies

TRACE = uuid.uuid4().hex  # of the refused reports: the spans file outlives a test


def span(**overrides) -> dict:
    now = time.time() * 1000
    return {
        "traceId": TRACE,
        "spanId": "b7ad6b7169203331",
        "name": "outbox POST /bff/orders/api/orders",
        "start": now - 3_600_000,  # an hour offline
        "end": now,
        "attributes": {"bazaar.app": "@bazaar/orders", "attempts": 2, "outcome": "sent"},
        **overrides,
    }


def report(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/rum", data, content_type="application/json", **extra)


@pytest.fixture
def client():
    views.limiter._seen.clear()
    return Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)


def test_a_browser_span_is_kept_with_the_servers_spans(client, settings):
    trace_id = uuid.uuid4().hex
    response = report(client, {"spans": [span(traceId=trace_id)]})
    assert response.status_code == 204
    tracing.flush()
    with open(settings.BAZAAR_TRACE_FILE, encoding="utf-8") as lines:
        [kept] = [s for s in map(json.loads, lines) if s["trace_id"] == trace_id]
    assert (kept["service"], kept["span_id"], kept["parent_id"]) == (
        "browser",
        "b7ad6b7169203331",
        None,
    )
    assert 3_599 < (kept["end_ns"] - kept["start_ns"]) / 1e9 < 3_601
    assert kept["attributes"]["attempts"] == 2


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ("{not json", 400, "parse request body"),
        ({"spans": [span(traceId="XYZ")]}, 422, "spans.0.traceId"),
        ({"spans": [span(spanId="0" * 15)]}, 422, "spans.0.spanId"),
        ({"spans": [span(name="")]}, 422, "spans.0.name"),
        ({"spans": [span(attributes={"a": {"nested": 1}})]}, 422, "spans.0.attributes"),
        ({"spans": [span()] * 51}, 422, "spans"),
        ({"spans": [span()], "cookies": "x"}, 422, "cookies"),
        ({"spans": [span(start=0, end=1)]}, 422, "last day"),
        ({"spans": [span(end=span()["start"] - 1)]}, 422, "last day"),
    ],
)
def test_a_bad_report_is_refused_naming_the_problem_and_nothing_is_kept(
    client, settings, body, status, names
):
    response = report(client, body)
    assert response.status_code == status
    assert names in response.json()["detail"]
    tracing.flush()
    with open(settings.BAZAAR_TRACE_FILE, encoding="utf-8") as lines:
        assert not [s for s in map(json.loads, lines) if s["trace_id"] == TRACE]


def test_an_oversized_report_is_a_413(client, settings):
    response = report(client, {"spans": [], "pad": "x" * (settings.BAZAAR_RUM_MAX_BODY_BYTES + 1)})
    assert response.status_code == 413


def test_a_client_that_reports_too_often_is_told_to_wait(client):
    codes = [report(client, {"spans": []}).status_code for _ in range(views.RATE + 2)]
    assert codes[: views.RATE] == [204] * views.RATE
    assert codes[views.RATE :] == [429, 429]
    other = report(client, {"spans": []}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 204  # another client has its own allowance


def test_only_post_is_answered(client):
    assert client.get("/rum").status_code == 405
