"""Every message of the live protocol, one pydantic model per type (unknown fields refused).

Server to client: ``hello``, ``subscribed``, ``unsubscribed``, ``resync``, ``error`` and the
stream messages ``order-status``, ``stock-level``, ``cart-changed``, ``revision-changed``,
which all carry ``topic`` and ``seq`` (per topic, from 1, without gaps). Client to server:
``subscribe`` (with ``since``, the last seq it applied, to receive what it missed) and
``unsubscribe``. ``/live/schema.json`` publishes them as JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from contracts.orders import Status

TOPIC = r"^(stock|registry|(orders|cart):[A-Za-z0-9._@:-]{1,200})$"


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- server -> client -------------------------------------------------------------------------
class Hello(Message):
    type: Literal["hello"] = "hello"
    signedIn: bool
    user: str | None  # the user's name, when signed in
    topics: list[str]  # the topics this connection may subscribe to ("me" stands for the user)


class Subscribed(Message):
    type: Literal["subscribed"] = "subscribed"
    topic: str
    seq: int  # the topic's newest seq now (0: nothing yet)


class Unsubscribed(Message):
    type: Literal["unsubscribed"] = "unsubscribed"
    topic: str


class Resync(Message):
    """The client's ``since`` is older than the log keeps: refetch, then follow from ``seq``."""

    type: Literal["resync"] = "resync"
    topic: str
    seq: int
    reason: str


class Error(Message):
    type: Literal["error"] = "error"
    code: Literal["bad_message", "forbidden", "sign_in_required", "unknown_topic"]
    detail: str
    topic: str | None = None


class StreamMessage(Message):
    topic: str
    seq: int = Field(ge=1)
    at: int  # epoch ms of the change
    # The W3C traceparent of the push, when the change that caused it was traced (the
    # shopper's command, through the BFF and the event hub: bazaar/tracing.py).
    traceparent: str | None = None


class TimelineStep(BaseModel):
    status: Status
    at: int


class OrderStatus(StreamMessage):
    """The orders BFF's projection of one order (``order-updated``), as it stands: a page
    shows it as it is, with no rule of its own for how an order moves."""

    type: Literal["order-status"] = "order-status"
    orderId: str
    status: Status
    steps: list[Status] = Field(default_factory=list)  # the way this order shows
    timeline: list[TimelineStep] = Field(default_factory=list)  # the steps reached, with when
    reason: str | None = None  # why it was cancelled


class StockLevel(StreamMessage):
    type: Literal["stock-level"] = "stock-level"
    productId: str
    stock: int = Field(ge=0)
    priceCents: int = Field(ge=0)


class CartChanged(StreamMessage):
    type: Literal["cart-changed"] = "cart-changed"
    count: int | None = None  # the cart's item count after the change, when known
    reason: Literal["updated", "checked-out"]
    orderId: str | None = None


class RevisionChanged(StreamMessage):
    type: Literal["revision-changed"] = "revision-changed"
    revision: int


STREAM_MESSAGES = (OrderStatus, StockLevel, CartChanged, RevisionChanged)
SERVER_MESSAGES = (Hello, Subscribed, Unsubscribed, Resync, Error, *STREAM_MESSAGES)


# --- client -> server -------------------------------------------------------------------------
class Subscribe(Message):
    type: Literal["subscribe"]
    topic: str = Field(pattern=TOPIC)
    since: int | None = Field(None, ge=0)  # the last seq applied; omitted: only new messages


class Unsubscribe(Message):
    type: Literal["unsubscribe"]
    topic: str = Field(pattern=TOPIC)


ClientMessage = TypeAdapter(Annotated[Subscribe | Unsubscribe, Field(discriminator="type")])


def json_schema() -> dict:
    """The protocol as JSON Schema: every message type a client sends and receives."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Bazaar live updates",
        "server": {m.model_fields["type"].default: m.model_json_schema() for m in SERVER_MESSAGES},
        "client": {
            "subscribe": Subscribe.model_json_schema(),
            "unsubscribe": Unsubscribe.model_json_schema(),
        },
    }
