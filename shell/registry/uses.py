"""What a micro-app declares it uses (the manifest's ``uses``): the operations of its BFF it
calls and the bus signals it publishes or subscribes to. The registry checks them against the
BFF's OpenAPI and the platform's signals at deploy, and ``manage.py check_contracts`` checks
every live app again (shell/registry/bff_contracts.py): consumer-driven contracts."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

# "GET /cart", "POST /cart/items", "DELETE /cart/items/{product_id}" (":product_id" too).
OPERATION = re.compile(r"(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z0-9._~:{}/-]*)", re.ASCII)
SIGNAL = re.compile(r"[a-z][a-z0-9-]*:[a-z][a-z0-9-]*", re.ASCII)


class Uses(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bff: list[str] = Field(default=[], max_length=100)
    events: list[str] = Field(default=[], max_length=100)

    @field_validator("bff")
    @classmethod
    def _operations(cls, value: list[str]) -> list[str]:
        for operation in value:
            if not OPERATION.fullmatch(operation):
                raise ValueError(
                    f"{operation[:100]!r} must be a method and a path of the BFF: 'GET /cart'"
                )
        return value

    @field_validator("events")
    @classmethod
    def _signals(cls, value: list[str]) -> list[str]:
        for name in value:
            if not SIGNAL.fullmatch(name):
                raise ValueError(f"{name[:100]!r} must be a bus signal's name: 'cart:changed'")
        return value
