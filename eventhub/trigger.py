"""Triggers: a BFF's state changes become domain events through its transactional outbox.

A trigger watches a model, like the change stream of the book's tables: every save of a row
inside a transaction may produce an event, written to the BFF's pending events in that same
transaction. Rows a listener wrote from another service's event are ``latched`` and never
echoed. After the commit the relay is woken to move the event to the hub; if the process dies
first, the row is still there and the relay publishes it after the restart.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import router, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

from bazaar import bulk
from bazaar.models import now_ms
from bazaar.tracing import current_traceparent
from eventhub import signals
from eventhub.envelope import Envelope
from eventhub.models import AbstractPendingEvent

PENDING_FIELDS = ("event_id", "type", "partition_key", "envelope", "created_at")

Build = Callable[[Model, bool], Envelope | None]


def traced(envelope: dict, traceparent: str | None) -> dict:
    """The envelope with the W3C ``traceparent`` of the change that emitted it in its tags
    (the id stays the same: a retried command's event is still recognised)."""
    if traceparent and "traceparent" not in envelope["tags"]:
        envelope["tags"]["traceparent"] = traceparent
    return envelope


class TriggerOutsideTransaction(RuntimeError):
    pass


class Trigger:
    """The events one BFF (``source``) emits, through its table of pending events (``pending``)."""

    def __init__(self, *, source: str, pending: type[AbstractPendingEvent]) -> None:
        self.source = source
        self.pending = pending
        self.types: set[str] = set()

    @property
    def alias(self) -> str:
        return router.db_for_write(self.pending)

    def watch(
        self,
        model: type[Model],
        build: Build,
        *,
        emits: tuple[type[Envelope], ...],
        latched: bool = False,
    ):
        """Call ``build(row, created)`` after each save of a non-latched ``model`` row; the
        event it returns (or None) is emitted. ``emits`` declares the types it can build.
        ``latched=True`` also builds for rows a listener wrote: for a projection the BFF
        publishes of its own rows whoever changed them (an event of another type than the
        one that latched the row, so nothing is echoed)."""
        self.types.update(t.model_fields["type"].default for t in emits)

        def on_save(sender, instance, created, **kwargs):
            if getattr(instance, "latched", False) and not latched:
                return
            event = build(instance, created)
            if event is not None:
                self.emit(event)

        def before_save(sender, instance, **kwargs):
            if not getattr(instance, "latched", False):
                self._require_transaction(f"a change of {model._meta.label}")

        pre_save.connect(
            before_save, sender=model, weak=False, dispatch_uid=f"trigger-tx:{model._meta.label}"
        )
        post_save.connect(
            on_save,
            sender=model,
            weak=False,
            dispatch_uid=f"trigger:{model._meta.label}:{build.__qualname__}",
        )

    def declare(self, *emits: type[Envelope]) -> None:
        """Declare the types this BFF emits by ``emit`` (from a command or a listener) rather
        than from a watched model: ``emit`` refuses a type no one declared."""
        self.types.update(t.model_fields["type"].default for t in emits)

    def _require_transaction(self, what: str) -> None:
        alias = self.alias
        if not transaction.get_connection(alias).in_atomic_block:
            raise TriggerOutsideTransaction(
                f"{what} must happen inside a transaction on {alias!r}, so that its event is "
                "written with it"
            )

    def emit(self, *events: Envelope) -> None:
        """Write ``events`` to the pending events; only inside the state change's own transaction.
        (Bulk writes send no signals: a command that uses them emits its events here.)"""
        alias = self.alias
        self._require_transaction(f"emitting {', '.join(sorted({e.type for e in events}))}")
        for event in events:
            if event.tags.source != self.source:
                raise ValueError(f"{self.source} cannot emit an event of {event.tags.source}")
            if event.type not in self.types:
                raise ValueError(
                    f"{self.source} emits {event.type!r} without declaring it (Trigger.declare)"
                )
        # The same state change emitted again (a re-run seed, a retried command) has the
        # same deterministic id: one row while it waits, and one event in the hub after.
        now = now_ms()
        traceparent = current_traceparent()  # the command's trace goes on with the event
        rows = [
            (event.id, event.type, event.partitionKey, traced(event.to_json(), traceparent), now)
            for event in events
        ]
        bulk.insert(self.pending, PENDING_FIELDS, rows, using=alias, ignore_conflicts=True)
        transaction.on_commit(signals.wake_relay, using=alias)
