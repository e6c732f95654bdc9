"""Fulfilment moves an order the catalog accepted through paid, shipped and delivered after the
configured delays, announcing each step; an order only placed (not yet accepted) or rejected
is never paid."""

from __future__ import annotations

import pytest
from django.test import Client

from bffs.fulfilment.listener import listener
from bffs.fulfilment.models import PendingEvent, Shipment
from bffs.fulfilment.worker import tick
from contracts.testing import order_accepted
from eventhub.testing import deliver

pytestmark = pytest.mark.django_db(databases=["default", "fulfilment"])


def test_an_accepted_order_is_paid_shipped_and_delivered_in_turn(settings):
    settings.BAZAAR_FULFILMENT_DELAYS = [1, 2, 3]
    event = order_accepted("order-0001", owner="alice", timestamp=1_000)
    deliver(listener, event)
    deliver(listener, event)  # twice: one shipment
    shipment = Shipment.objects.get()
    start = shipment.next_at
    assert tick(start - 1) == 0
    assert tick(start) == 1
    assert tick(start + 1_999) == 0
    assert tick(start + 2_000) == 1
    assert tick(start + 5_000) == 1
    assert tick(start + 99_000) == 0
    steps = [(row.type, row.envelope["order"]["status"]) for row in PendingEvent.objects.all()]
    assert steps == [
        ("order-paid", "paid"),
        ("order-shipped", "shipped"),
        ("order-delivered", "delivered"),
    ]
    assert all(row.envelope["order"]["owner"] == "alice" for row in PendingEvent.objects.all())


def test_shipments_are_for_the_back_office_only(issuer):
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/bff/fulfilment/api/shipments", **issuer.bearer()).status_code == 403
    admin = issuer.bearer("root", roles=("admin",))
    assert client.get("/bff/fulfilment/api/shipments", **admin).json() == []


def test_fulfilment_hears_of_an_order_only_once_the_catalog_accepted_it():
    # The hub hands a group only the types it listens to: a placed or rejected order never
    # reaches fulfilment, so it is never paid (tests/test_overselling.py runs it end to end).
    assert listener.types == {"order-accepted"}
