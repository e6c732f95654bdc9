"""What a hub backend does. The embedded SQLite hub and the Redis Streams hub implement it;
BFFs never see it (they declare listeners and triggers; the worker talks to the hub)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Delivery:
    """One event handed to one consumer group. ``position`` is backend-specific and opaque;
    ``fault_id`` is set when this is a resubmitted fault."""

    position: Any
    envelope: dict[str, Any]
    fault_id: int | str | None = None


@dataclass
class Batch:
    deliveries: list[Delivery]
    # Acknowledging the whole batch moves the group's position here (past events of types
    # the group does not listen to, too).
    end: Any = None


@dataclass(frozen=True)
class GroupLag:
    group: str
    position: Any
    lag: int  # events of the group's types published after its position
    faults: int  # unresolved faults


@dataclass(frozen=True)
class FaultRecord:
    id: int | str
    group: str
    event_id: str
    type: str
    error: str
    attempts: int
    created_at: int
    resolved_at: int | None = None
    envelope: dict[str, Any] = field(default_factory=dict)


def fault_event(group: str, envelope: dict[str, Any], error: str, attempts: int, now: int):
    """The ``fault`` event a backend publishes when ``group`` gives up on ``envelope``."""
    from eventhub.faults import Fault, FaultEvent

    return FaultEvent.create(
        partition_key=envelope.get("partitionKey", "unknown"),
        timestamp=now,
        source="eventhub",
        fault=Fault(group=group, error=error[:2000], attempts=attempts, event=envelope),
    )


class Hub(ABC):
    @abstractmethod
    def publish(self, envelopes: Sequence[dict[str, Any]]) -> int:
        """Store events (a duplicate id is ignored); returns how many were new."""

    @abstractmethod
    def read(self, group: str, types: Collection[str], limit: int) -> Batch:
        """The next events of ``types`` for ``group``: resubmitted faults first, then from
        the group's position, in publish order (so in order per partition key)."""

    @abstractmethod
    def ack(self, group: str, batch: Batch, done: int) -> None:
        """``done`` leading deliveries of ``batch`` are applied; all of them means the
        position moves to ``batch.end``."""

    @abstractmethod
    def record_fault(
        self, group: str, delivery: Delivery, error: str, attempts: int
    ) -> FaultRecord:
        """Give up on ``delivery`` for ``group``: keep it as a fault, publish a ``fault``
        event and move past it."""

    @abstractmethod
    def faults(self, *, include_resolved: bool = False) -> list[FaultRecord]: ...

    @abstractmethod
    def resubmit(self, fault_id: int | str) -> FaultRecord:
        """Deliver a fault's event to its group again (its listener was fixed)."""

    @abstractmethod
    def lag(self, groups: Collection[tuple[str, Collection[str]]]) -> list[GroupLag]: ...

    @abstractmethod
    def tail(self, limit: int, *, types: Collection[str] = ()) -> list[dict[str, Any]]:
        """The newest ``limit`` events, oldest first."""

    def close(self) -> None:  # noqa: B027 - optional
        pass
