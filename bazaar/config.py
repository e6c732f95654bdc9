"""The environment, read once per process into typed values: every ``BAZAAR_*`` / ``DJANGO_*``
variable a Bazaar process reads passes through ``env`` (the settings modules read it at
start-up; nothing else reads ``os.environ``). A value of the wrong type stops the start with
the variable's name and what it should be, never a traceback from deep inside."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


class Env:
    """Typed reads of one environment; ``read`` records each variable read and its default
    (what ``docs/configuration.md`` lists)."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.read: dict[str, object] = {}

    def _raw(self, name: str, default: object) -> str | None:
        self.read.setdefault(name, default)
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def text(self, name: str, default: str = "") -> str:
        value = self._raw(name, default)
        return default if value is None else value

    def present(self, name: str) -> bool:
        self.read.setdefault(name, None)
        return bool(self.environ.get(name))

    def integer(self, name: str, default: int, *, lowest: int | None = None) -> int:
        value = self._raw(name, default)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; it is {value!r}") from None
        if lowest is not None and number < lowest:
            raise ImproperlyConfigured(f"{name} must be at least {lowest}; it is {number}")
        return number

    def number(self, name: str, default: float) -> float:
        value = self._raw(name, default)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a number; it is {value!r}") from None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._raw(name, default)
        if value is None:
            return default
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(TRUE + FALSE[:-1])}")

    def items(self, name: str, default: str = "") -> list[str]:
        """A comma-separated list, blanks dropped."""
        return [item.strip() for item in self.text(name, default).split(",") if item.strip()]

    def path(self, name: str, default: Path) -> Path:
        value = self._raw(name, default)
        return Path(value) if value else Path(default)


env = Env(os.environ)  # this process's environment, read once
