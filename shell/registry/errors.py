"""The registry's domain errors; the API turns each into its HTTP answer."""

from __future__ import annotations


class RegistryConflict(Exception):
    """The request is well-formed but contradicts what the registry holds (HTTP 409)."""


class RegistryNotFound(Exception):
    """A named app, version or revision does not exist (HTTP 404)."""


class RegistryForbidden(Exception):
    """The deploy token may not change an app the command would touch (HTTP 403); nothing
    changed and the refusal is recorded. ``apps``: the apps it may not change."""

    def __init__(self, detail: str, apps: list[str]) -> None:
        super().__init__(detail)
        self.apps = apps
