"""Test support for BFFs on the hub: build events as their emitters would, and hand them to a
listener exactly as the worker does (inbox, savepoints and all)."""

from __future__ import annotations

import itertools

from eventhub.backends.base import Delivery
from eventhub.envelope import Envelope
from eventhub.listener import Applied, Listener

_positions = itertools.count(1)


def deliver(listener: Listener, *events: Envelope) -> Applied:
    """Apply ``events`` as one batch; raises what a handler raised."""
    applied = listener.apply([Delivery(next(_positions), e.to_json()) for e in events])
    if applied.error is not None:
        raise applied.error
    return applied
