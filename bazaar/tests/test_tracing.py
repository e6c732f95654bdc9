"""One trace from the shopper's command to the live push: the BFF continues the browser's
``traceparent``, the event it emits carries it in its tags, the relay that publishes it and each
listener that applies it continue it, and so does the live message pushed because of it. Log
lines written in those spans carry the same trace id."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.conf import settings
from django.test import Client
from opentelemetry.trace import SpanKind

from bazaar import tracing
from bazaar.logs import JsonFormatter
from bffs.orders.listener import listener as orders_listener
from bffs.orders.models import PendingEvent
from bffs.orders.tests.test_orders import order
from bffs.orders.trigger import trigger as orders_trigger
from contracts.testing import order_updated, product_updated
from eventhub.backends.sqlite import SqliteHub
from eventhub.relay import relay
from eventhub.testing import deliver
from shell.live.listener import listener as live_listener
from shell.live.models import LiveMessage

BROWSER_SPAN = "00f067aa0ba902b7"


def new_trace() -> tuple[str, str]:
    """A trace id of this test's own (the spans file outlives a test) and its traceparent."""
    trace_id = uuid.uuid4().hex
    return trace_id, f"00-{trace_id}-{BROWSER_SPAN}-01"


def spans_of(trace_id: str) -> list[dict]:
    tracing.flush()
    with open(settings.BAZAAR_TRACE_FILE, encoding="utf-8") as lines:
        return [s for s in map(json.loads, lines) if s["trace_id"] == trace_id]


@pytest.fixture(autouse=True)
def traced(settings):
    assert tracing._provider is not None, "tracing is on in the test settings (BAZAAR_ENV=dev)"


@pytest.mark.django_db(databases=["default", "orders"])
def test_a_command_its_event_the_relay_and_the_listeners_share_the_browsers_trace(issuer, tmp_path):
    TRACE, TRACEPARENT = new_trace()
    deliver(orders_listener, product_updated("kitchen-kettle-01", stock=5, timestamp=1_000))
    response = Client(HTTP_HOST="127.0.0.1").post(
        "/bff/orders/api/orders",
        order(),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="place-0001-key",
        HTTP_TRACEPARENT=TRACEPARENT,
        **issuer.bearer("alice"),
    )
    assert response.status_code == 201
    [server] = [s for s in spans_of(TRACE) if s["kind"] == "server"]
    assert server["parent_id"] == BROWSER_SPAN  # the browser's action is its parent
    assert server["attributes"]["http.route"].endswith("orders")

    # The event carries the trace, as the BFF's span (the id is the state change's own).
    placed = PendingEvent.objects.get(type="order-placed").envelope
    assert placed["tags"]["traceparent"].split("-")[1:3] == [TRACE, server["span_id"]]

    hub = SqliteHub(tmp_path / "hub.sqlite3")
    try:
        assert relay(orders_trigger, hub) >= 1
    finally:
        hub.close()
    [published] = [s for s in spans_of(TRACE) if s["name"] == "publish order-placed"]
    assert (published["kind"], published["parent_id"]) == ("producer", server["span_id"])


@pytest.mark.django_db
def test_a_listener_applies_in_the_events_trace_and_the_live_push_carries_it(caplog):
    TRACE, TRACEPARENT = new_trace()
    event = order_updated("o-9", status="placed", timeline={"placed": 1_000})
    event = event.model_copy(
        update={"tags": event.tags.model_copy(update={"traceparent": TRACEPARENT})}
    )
    with caplog.at_level(logging.INFO, logger="bazaar.events"):
        deliver(live_listener, event)
    spans = spans_of(TRACE)
    [applied] = [s for s in spans if s["name"] == "apply order-updated"]
    assert (applied["kind"], applied["parent_id"]) == ("consumer", BROWSER_SPAN)
    assert applied["attributes"]["messaging.consumer.group.name"] == "live"
    [pushed] = [s for s in spans if s["name"] == "live push order-status"]
    assert pushed["parent_id"] == applied["span_id"]
    [message] = [m.body for m in LiveMessage.objects.filter(topic="orders:alice-sub")]
    assert message["traceparent"].split("-")[1:3] == [TRACE, pushed["span_id"]]

    # The event's log line, as the JSON formatter writes it, names the same trace.
    [record] = [r for r in caplog.records if getattr(r, "event", None) == "event-applied"]
    line = json.loads(JsonFormatter().format(record))
    assert (line["event_type"], line["group"]) == ("order-updated", "live")


@pytest.mark.django_db
def test_an_untraced_event_makes_no_span_and_its_message_no_traceparent():
    deliver(live_listener, order_updated("o-10", status="placed", timeline={"placed": 1_000}))
    [message] = [m.body for m in LiveMessage.objects.filter(topic="orders:alice-sub")]
    assert "traceparent" not in message


def test_a_log_line_written_in_a_span_names_its_trace():
    TRACE, TRACEPARENT = new_trace()
    record = logging.LogRecord("bazaar.access", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.status = 200
    with tracing.continuing(TRACEPARENT, "work", kind=SpanKind.INTERNAL):
        line = json.loads(JsonFormatter().format(record))
    assert line["trace_id"] == TRACE
    assert line["status"] == 200 and line["message"] == "GET / 200"
    assert "authorization" not in json.dumps(line).lower()


@pytest.mark.django_db(databases=["default", "orders"])
def test_a_request_span_is_named_by_its_route_and_says_what_was_answered(issuer):
    TRACE, TRACEPARENT = new_trace()
    response = Client(HTTP_HOST="127.0.0.1").get(
        "/bff/orders/api/orders", HTTP_TRACEPARENT=TRACEPARENT, **issuer.bearer("alice")
    )
    assert response.status_code == 200
    [server] = [s for s in spans_of(TRACE) if s["kind"] == "server"]
    assert server["name"] == "GET " + server["attributes"]["http.route"]
    assert server["attributes"]["http.request.method"] == "GET"
    assert server["attributes"]["url.path"] == "/bff/orders/api/orders"
    assert server["attributes"]["http.response.status_code"] == 200
    assert "authorization" not in json.dumps(server).lower()  # no token in a span


@pytest.mark.django_db(databases=["default", "orders"])
def test_a_trace_the_browser_did_not_keep_makes_no_span_but_its_event_says_so(issuer):
    TRACE = uuid.uuid4().hex
    deliver(orders_listener, product_updated("kitchen-kettle-01", stock=5, timestamp=1_000))
    response = Client(HTTP_HOST="127.0.0.1").post(
        "/bff/orders/api/orders",
        order(),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="place-0002-key",
        HTTP_TRACEPARENT=f"00-{TRACE}-{BROWSER_SPAN}-00",  # not sampled
        **issuer.bearer("alice"),
    )
    assert response.status_code == 201
    assert spans_of(TRACE) == []
    # Downstream keeps the decision: the event continues the trace, unsampled.
    traceparent = PendingEvent.objects.get(type="order-placed").envelope["tags"]["traceparent"]
    assert traceparent.startswith(f"00-{TRACE}-") and traceparent.endswith("-00")


def test_an_outgoing_http_request_is_a_span_of_the_trace_it_was_made_in():
    import requests

    TRACE, TRACEPARENT = new_trace()
    with (
        tracing.continuing(TRACEPARENT, "work", kind=SpanKind.INTERNAL),
        pytest.raises(requests.ConnectionError),
    ):
        requests.get("http://127.0.0.1:9/jwks", timeout=1)  # nothing listens on port 9
    [work] = [s for s in spans_of(TRACE) if s["name"] == "work"]
    [client] = [s for s in spans_of(TRACE) if s["kind"] == "client"]
    assert client["parent_id"] == work["span_id"]
    assert client["status"] == "error"


def test_a_query_on_postgresql_is_a_span_of_the_trace_it_was_made_in():
    import psycopg

    TRACE, TRACEPARENT = new_trace()
    with (
        tracing.continuing(TRACEPARENT, "work", kind=SpanKind.INTERNAL),
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as connection,
    ):
        assert connection.execute("SELECT 1").fetchone() == (1,)
    [work] = [s for s in spans_of(TRACE) if s["name"] == "work"]
    [query] = [s for s in spans_of(TRACE) if s["attributes"].get("db.system") == "postgresql"]
    assert query["parent_id"] == work["span_id"] and query["kind"] == "client"


@pytest.mark.django_db(databases=["default", "orders"])
def test_a_request_without_a_trace_begins_one_at_the_sample_rate(issuer, settings):
    def traced_requests() -> set[str]:
        before = len(open(settings.BAZAAR_TRACE_FILE, encoding="utf-8").readlines())
        client = Client(HTTP_HOST="127.0.0.1")  # its middleware reads the rate
        for _ in range(20):
            client.get("/bff/orders/api/orders", **issuer.bearer("alice"))
        tracing.flush()
        with open(settings.BAZAAR_TRACE_FILE, encoding="utf-8") as lines:
            return {s["trace_id"] for s in map(json.loads, list(lines)[before:])}

    settings.BAZAAR_TRACE_SAMPLE = 1.0
    assert len(traced_requests()) == 20
    settings.BAZAAR_TRACE_SAMPLE = 0.0
    assert traced_requests() == set()


def test_work_outside_any_trace_begins_none():
    """A query or an HTTP call outside a request (a hub worker's) makes no span of its own."""
    import requests

    before = len(open(settings.BAZAAR_TRACE_FILE, encoding="utf-8").readlines())
    with pytest.raises(requests.ConnectionError):
        requests.get("http://127.0.0.1:9/jwks", timeout=1)
    tracing.flush()
    with open(settings.BAZAAR_TRACE_FILE, encoding="utf-8") as lines:
        assert [s["name"] for s in map(json.loads, list(lines)[before:])] == []
