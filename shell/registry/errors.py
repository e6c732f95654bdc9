"""The registry's domain errors: kinds of ``bazaar.errors``' errors, which every API answers
with their status (a bad manifest is ``manifest.ManifestError``, an ``Invalid``)."""

from __future__ import annotations

from bazaar.errors import Conflict, Forbidden, NotFound


class RegistryConflict(Conflict):
    """The request is well-formed but contradicts what the registry holds (HTTP 409)."""


class RegistryNotFound(NotFound):
    """A named app, version or revision does not exist (HTTP 404)."""


class RegistryForbidden(Forbidden):
    """The deploy token may not change an app the command would touch (HTTP 403); nothing
    changed and the refusal is recorded. ``apps``: the apps it may not change."""

    def __init__(self, detail: str, apps: list[str]) -> None:
        super().__init__(detail)
        self.apps = apps
