"""The hub's own event: a poison event a listener gave up on, kept for a resubmit."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from eventhub.envelope import Envelope


class Fault(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    group: str  # the consumer group whose listener gave up
    error: str
    attempts: int
    event: dict[str, Any]  # the envelope that could not be applied


class FaultEvent(Envelope):
    """A poison event: a listener failed on it ``attempts`` times; resubmit after a fix."""

    type: Literal["fault"] = "fault"
    fault: Fault
