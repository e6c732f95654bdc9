"""The envelope every domain event travels in, and the registry of typed event schemas.

ARCHITECTURE.md fixes the envelope: ``id`` (unique and deterministic), ``type``
(``<entity>-<verb>``), ``timestamp`` (epoch ms), ``partitionKey``, ``tags`` (``source`` is the
emitting BFF), the entity payload under its own key, and an optional ``raw``. Each event type
is one pydantic model; unknown fields are refused, so a typo fails where it is made.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

EVENT_NAMESPACE = uuid.UUID("6f1d0c3e-51d5-4c1e-9b0a-2f3c3b8a0e11")
TYPE_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


class Tags(BaseModel):
    model_config = ConfigDict(extra="allow")  # more tags are welcome; source is required

    source: str = Field(min_length=1)


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=100)
    type: str = Field(pattern=TYPE_PATTERN)
    timestamp: int = Field(ge=0)
    partitionKey: str = Field(min_length=1, max_length=200)
    tags: Tags
    raw: dict[str, Any] | None = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        default = cls.model_fields["type"].default
        if isinstance(default, str):
            EVENT_TYPES[default] = cls

    @classmethod
    def create(
        cls,
        *,
        partition_key: str,
        timestamp: int,
        source: str,
        entity: str | None = None,
        **payload: Any,
    ):
        """An event of this type with its deterministic id: the same state change of the same
        entity (``entity``, by default the partition key) always gets the same id, so a
        republished event is recognised as a duplicate."""
        event_type = cls.model_fields["type"].default
        name = f"{source}|{event_type}|{entity or partition_key}|{timestamp}"
        event_id = uuid.uuid5(EVENT_NAMESPACE, name)
        return cls(
            id=str(event_id),
            timestamp=timestamp,
            partitionKey=partition_key,
            tags=Tags(source=source),
            **payload,
        )

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


EVENT_TYPES: dict[str, type[Envelope]] = {}  # filled as event schemas are defined


class UnknownEventType(ValueError):
    pass


def parse_event(body: dict[str, Any]) -> Envelope:
    """The typed event for a stored envelope; raises UnknownEventType or ValidationError."""
    model = EVENT_TYPES.get(body.get("type", ""))
    if model is None:
        raise UnknownEventType(f"no schema for event type {body.get('type')!r}")
    return model.model_validate(body)


__all__ = ["Envelope", "Tags", "parse_event", "UnknownEventType", "ValidationError"]
