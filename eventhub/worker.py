"""The hub worker: relays every outbox, runs timed work, and feeds every listener.

In the embedded mode it runs as a thread of the daphne process (so live updates can use the
in-memory channel layer); ``manage.py hub_worker`` runs the same loop as its own process.
A listener that fails on an event is retried with exponential backoff and jitter, without
holding up other groups; after ``max_attempts`` the event becomes a ``fault`` and the group
moves on. ``manage.py hub_resubmit`` delivers it again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections

from bazaar.metrics import HUB_APPLIED, HUB_BATCHES, HUB_FAULTS, HUB_RELAYED
from bazaar.models import now_ms
from eventhub import signals
from eventhub.backends.base import Hub
from eventhub.hub import get_hub
from eventhub.listener import Listener
from eventhub.registry import Units, units
from eventhub.relay import relay

log = logging.getLogger("bazaar.eventhub")

BATCH = 1000
IDLE_POLL_SECONDS = 0.2
# While the outboxes are found empty, they are read at most this often (what other processes
# commit waits that long at most; this process's commits wake the relay at once): a busy
# worker steps thousands of times a second, and each read is a query per outbox.
RELAY_POLL_SECONDS = 0.02


@dataclass
class Retry:
    position: object = None
    attempts: int = 0
    not_before: float = 0.0  # time.monotonic()


class Worker:
    def __init__(
        self,
        hub: Hub | None = None,
        found: Units | None = None,
        *,
        max_attempts: int | None = None,
        backoff_ms: int | None = None,
        batch: int = BATCH,
    ) -> None:
        self.hub = hub or get_hub()
        self.units = found or units()
        self.max_attempts = max_attempts or settings.BAZAAR_HUB_MAX_ATTEMPTS
        self.backoff_ms = backoff_ms if backoff_ms is not None else settings.BAZAAR_HUB_BACKOFF_MS
        self.batch = batch
        self.retries: dict[str, Retry] = {}
        self._next_relay = 0.0  # time.monotonic()

    def step(self) -> int:
        """One pass over everything; returns how much work it did (0: idle)."""
        woken = signals.relay_wanted.is_set()
        if woken:  # cleared only when seen: a wake after the test is kept for the next step
            signals.relay_wanted.clear()
        relayed = 0
        if woken or time.monotonic() >= self._next_relay:
            relayed = sum(relay(trigger, self.hub) for trigger in self.units.triggers)
            self._next_relay = 0.0 if relayed else time.monotonic() + RELAY_POLL_SECONDS
        if relayed:
            HUB_RELAYED.inc(relayed)
        worked = relayed
        now = now_ms()
        for name, tick in self.units.ticks:
            try:
                worked += tick(now)
            except Exception:
                log.exception("timed work of %s failed", name)
        for listener in self.units.listeners:
            worked += self.consume(listener)
        return worked

    def consume(self, listener: Listener) -> int:
        group = listener.group
        retry = self.retries.setdefault(group, Retry())
        if retry.not_before > time.monotonic():
            return 0
        batch = self.hub.read(group, listener.types, self.batch)
        if not batch.deliveries:
            if batch.end is not None:
                self.hub.ack(group, batch, 0)
            return 0
        result = listener.apply(batch.deliveries)
        self.hub.ack(group, batch, result.done)
        if result.done:
            HUB_APPLIED.labels(group).inc(result.done)
            HUB_BATCHES.labels(group).observe(result.done)
        if result.error is None:
            self.retries[group] = Retry()
            return result.done
        failed = batch.deliveries[result.done]
        if retry.position != (failed.position, failed.fault_id):
            retry = self.retries[group] = Retry(position=(failed.position, failed.fault_id))
        retry.attempts += 1
        error = f"{type(result.error).__name__}: {result.error}"
        if retry.attempts >= self.max_attempts:
            fault = self.hub.record_fault(group, failed, error, retry.attempts)
            HUB_FAULTS.labels(group).inc()
            log.error("%s gave up on %s %s: fault %s", group, fault.type, fault.event_id, fault.id)
            self.retries[group] = Retry()
        else:
            delay = self.backoff_ms * 2 ** (retry.attempts - 1) * random.uniform(0.5, 1.0)
            retry.not_before = time.monotonic() + delay / 1000
            log.warning(
                "%s failed on %s (attempt %d): %s",
                group,
                failed.envelope.get("type"),
                retry.attempts,
                error,
            )
        return result.done + 1

    def drain(self, *, timeout: float = 10.0) -> None:
        """Run until nothing is left to do, retries included (tests, commands)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._next_relay = 0.0  # every pass reads the outboxes
            if self.step() == 0 and not any(r.attempts for r in self.retries.values()):
                return
            waits = [r.not_before - time.monotonic() for r in self.retries.values() if r.attempts]
            if waits:
                time.sleep(max(0.0, min(min(waits), 0.5)))
        raise TimeoutError("the hub worker did not settle")

    def run(self, stop: threading.Event) -> None:
        log.info(
            "hub worker running: %d triggers, %d listeners, %d timers",
            len(self.units.triggers),
            len(self.units.listeners),
            len(self.units.ticks),
        )
        while not stop.is_set():
            try:
                worked = self.step()
            except Exception:
                log.exception("hub worker pass failed; retrying")
                close_old_connections()
                worked = 0
                stop.wait(1.0)
            if not worked:
                signals.relay_wanted.wait(IDLE_POLL_SECONDS)  # step() clears it
        self.hub.close()


_started = threading.Lock()
_thread: threading.Thread | None = None


def start_in_background() -> threading.Thread:
    """The embedded mode's worker thread (once per process)."""
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            stop = threading.Event()
            _thread = threading.Thread(
                target=Worker().run, args=(stop,), name="bazaar-hub-worker", daemon=True
            )
            _thread.start()
    return _thread


class StartsEmbeddedWorker:
    """ASGI middleware of the embedded mode: the worker thread starts with the first
    connection, not when the application is imported (a test or a tool importing the ASGI
    module starts no thread)."""

    def __init__(self, application) -> None:
        self.application = application
        self.started = False

    async def __call__(self, scope, receive, send):
        if not self.started:
            start_in_background()
            self.started = True
        return await self.application(scope, receive, send)
