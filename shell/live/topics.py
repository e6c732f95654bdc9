"""Who may follow which topic. ``stock`` and ``registry`` are public; ``orders:<sub>`` and
``cart:<sub>`` belong to one user, who may write ``orders:me``. Anyone else is refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

PUBLIC = ("stock", "registry")
PRIVATE = ("orders", "cart")
USERNAME_PREFIX = "oidc:"  # shell.identity.oidc names users after the provider's subject


class TopicRefused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Viewer:
    sub: str | None  # the OpenID subject of the signed-in user, or None

    @classmethod
    def of(cls, user) -> Viewer:
        if user is None or not user.is_authenticated:
            return cls(sub=None)
        username = user.get_username()
        return cls(sub=username.removeprefix(USERNAME_PREFIX))

    def topics(self) -> list[str]:
        return [*PUBLIC, *(f"{kind}:me" for kind in PRIVATE)] if self.sub else list(PUBLIC)

    def resolve(self, topic: str) -> str:
        """The stored topic name for ``topic``; raises TopicRefused."""
        if topic in PUBLIC:
            return topic
        kind, _, owner = topic.partition(":")
        if kind not in PRIVATE or not owner:
            raise TopicRefused("unknown_topic", f"there is no topic {topic!r}")
        if self.sub is None:
            raise TopicRefused("sign_in_required", f"sign in to follow {topic!r}")
        if owner not in ("me", self.sub):
            raise TopicRefused("forbidden", f"{topic!r} belongs to another user")
        return f"{kind}:{self.sub}"


def channel_group(topic: str) -> str:
    """Channels group names allow only ASCII letters, digits, hyphens, underscores and
    periods, up to 100 characters."""
    digest = hashlib.sha256(topic.encode()).hexdigest()[:40]
    return f"live.{topic.split(':', 1)[0]}.{digest}"
