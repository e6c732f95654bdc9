"""Which BFFs emit and listen: found by convention, so a BFF declares and never wires.

A BFF ``bffs/<name>/`` takes part in the hub by having any of:
``trigger.py`` with ``trigger`` (a Trigger: the events it emits),
``listener.py`` with ``listener`` (a Listener: the events it consumes),
``worker.py`` with ``tick(now_ms) -> int`` (timed work the hub worker runs, e.g. fulfilment).
Other Django apps (the shell's live updates) add listeners with ``extra_listeners``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from importlib import import_module, util

from django.conf import settings

from eventhub.conventions import LISTENER, TRIGGER, WORKER
from eventhub.listener import Listener
from eventhub.trigger import Trigger


@dataclass
class Units:
    triggers: list[Trigger] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    ticks: list[tuple[str, Callable[[int], int]]] = field(default_factory=list)

    def split(self, groups: Collection[str], *, relay: bool) -> Units:
        """Only the listeners of ``groups`` (and the relays and timed work when ``relay``):
        consumer groups are independent, so each may run in a worker process of its own."""
        unknown = set(groups) - {listener.group for listener in self.listeners}
        if unknown:
            known = ", ".join(sorted(listener.group for listener in self.listeners))
            raise ValueError(f"no listener group {', '.join(sorted(unknown))} (there are: {known})")
        return Units(
            triggers=self.triggers if relay else [],
            listeners=[listener for listener in self.listeners if listener.group in groups],
            ticks=self.ticks if relay else [],
        )


def _module(name: str, role: str):
    dotted = f"bffs.{name}.{role}"
    return import_module(dotted) if util.find_spec(dotted) else None


@functools.cache
def units() -> Units:
    found = Units()
    for name in settings.BAZAAR_BFFS:
        if module := _module(name, TRIGGER):
            found.triggers.append(module.trigger)
        if module := _module(name, LISTENER):
            found.listeners.append(module.listener)
        if module := _module(name, WORKER):
            found.ticks.append((name, module.tick))
    for dotted in getattr(settings, "BAZAAR_HUB_EXTRA_LISTENERS", []):
        module_name, _, attribute = dotted.rpartition(".")
        found.listeners.append(getattr(import_module(module_name), attribute))
    return found


def load_triggers() -> None:
    """Connect every trigger (their modules watch models on import); called at app start."""
    units()
