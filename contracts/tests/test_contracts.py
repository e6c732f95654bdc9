"""Every event type, checked as Zulip checks its events: one schema per type, in the contract
module of the BFF that emits it, named ``<entity>-<verb>``, with a JSON Schema a team in another
language can read; and the order statuses defined once."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from contracts import orders
from eventhub.envelope import EVENT_TYPES, TYPE_PATTERN, Envelope, parse_event
from eventhub.registry import units

CONTRACTS = Path(settings.BASE_DIR) / "contracts"
HUB_OWN = {"fault"}  # the hub's own event (eventhub.faults), not a BFF's


def _emitters() -> dict[str, str]:
    """Event type -> the BFF whose trigger declares it."""
    return {t: trigger.source for trigger in units().triggers for t in trigger.types}


SHOP_TYPES = sorted(set(EVENT_TYPES) - HUB_OWN)


def test_every_contract_module_is_loaded_so_any_stored_event_can_be_parsed():
    modules = {p.stem for p in CONTRACTS.glob("*.py")} - {"__init__", "apps", "payload", "testing"}
    for name in modules:
        importlib.import_module(f"contracts.{name}")
    defined = {m.model_fields["type"].default for m in EVENT_TYPES.values()}
    assert set(SHOP_TYPES) <= defined and len(SHOP_TYPES) >= 10


@pytest.mark.parametrize("event_type", SHOP_TYPES)
def test_each_event_type_lives_in_the_contract_of_the_bff_that_emits_it(event_type):
    model = EVENT_TYPES[event_type]
    emitter = _emitters().get(event_type)
    assert emitter is not None, f"{event_type}: no BFF's trigger declares it"
    assert model.__module__ == f"contracts.{emitter}"
    assert re.fullmatch(TYPE_PATTERN, event_type) and "-" in event_type  # <entity>-<verb>


def test_every_type_a_trigger_declares_has_a_contract():
    assert set(_emitters()) <= set(EVENT_TYPES)


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_each_event_type_has_a_json_schema_that_refuses_unknown_fields(event_type):
    model: type[Envelope] = EVENT_TYPES[event_type]
    schema = model.model_json_schema()
    assert schema["properties"]["type"]["const"] == event_type
    assert schema["additionalProperties"] is False
    payload_keys = set(schema["properties"]) - set(Envelope.model_fields)
    assert len(payload_keys) == 1, "the entity payload under one key of its own"


def test_an_event_is_parsed_back_to_its_own_type_and_a_wrong_field_is_refused():
    from contracts.testing import order_updated

    event = order_updated("o-1", status="paid", timeline={"placed": 1, "paid": 2})
    assert parse_event(event.to_json()) == event
    broken = event.to_json()
    broken["order"]["status"] = "lost"
    with pytest.raises(ValueError, match="status"):
        parse_event(broken)


def test_the_order_statuses_are_defined_once_and_every_user_of_them_agrees():
    assert orders.STATUSES == (*orders.ORDER_STATUSES, orders.CANCELLED)
    assert set(orders.Status.__args__) == set(orders.STATUSES)
    # Fulfilment moves a shipment along the same way.
    from bffs.fulfilment.models import NEXT

    assert list(NEXT) + [orders.DELIVERED] == list(orders.ORDER_STATUSES)
    # The live push and the orders BFF's answer take the same Literal.
    from shell.live.messages import OrderStatus

    assert OrderStatus.model_fields["status"].annotation == orders.Status


def test_the_orders_app_has_words_for_exactly_the_statuses_of_the_contract():
    """The orders app holds no list of statuses of its own (an order comes with its steps),
    only what each reads as: for every status of the contract, and no other."""
    source = (Path(settings.BASE_DIR) / "microapps" / "orders" / "src" / "format.js").read_text()
    words = source.split("export const WORDS = {", 1)[1].split("};", 1)[0]
    assert set(re.findall(r"^\s*(\w+): \{", words, re.M)) == set(orders.STATUSES)
