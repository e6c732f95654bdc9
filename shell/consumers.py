"""The live-update websocket (``/ws/live/``).

The Channels stack in ``asgi.py`` authenticates the connection from the session cookie and
refuses foreign origins. Each pushed message is a pydantic model with a literal ``type``.
"""

from __future__ import annotations

from typing import Literal

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from pydantic import BaseModel, ConfigDict


class Hello(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["hello"] = "hello"
    signedIn: bool
    user: str | None  # the user's name, when signed in


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        signed_in = bool(user and user.is_authenticated)
        name = (user.get_full_name() or user.get_username()) if signed_in else None
        await self.send_json(Hello(signedIn=signed_in, user=name).model_dump())
