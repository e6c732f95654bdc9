"""Shared libraries as registry commands: publish a version, take one (or all) out.

Each change is a revision like a deploy, so a rollback or a restore brings the libraries of
that time back with the apps; a change that would leave an app without a version in its range
is refused (422, naming the app and its range). Only a deploy token whose scope names the
library (or every app) may change it. A release may also publish the libraries it needs in its
own revision (``release_deploy(libraries=…)``), as ``deploy_microapp`` does with those the shop
serves from npm.
"""

from __future__ import annotations

from shell.registry.errors import RegistryNotFound
from shell.registry.library_versions import LibraryVersion, library_version
from shell.registry.models import Revision
from shell.registry.scopes import Scope, authorize
from shell.registry.services import new_revision
from shell.registry.state import RegistryState


def library_publish(
    *,
    name: str,
    url: str,
    actor: str,
    version: str | None = None,
    integrity: str | None = None,
    scope: Scope = None,
    field: str = "name",
) -> Revision:
    """Publish ``name`` from ``url`` (see ``library_versions.library_version``) and make it
    live: apps whose range it satisfies may get it."""
    message = f"publish {name}{'@' + version if version else ''} {url}"
    authorize(scope=scope, apps=[name], actor=actor, action="publish", message=message)
    library = library_version(name=name, url=url, version=version, integrity=integrity, field=field)
    return publish_version(library, actor=actor, scope=scope)


def publish_version(library: LibraryVersion, *, actor: str, scope: Scope = None) -> Revision:
    """Make ``library`` (checked and pinned) live, in a revision of its own."""

    def change(state: RegistryState) -> RegistryState:
        library.put(state.libraries, actor)
        return state

    return new_revision(
        change,
        actor=actor,
        action="publish",
        message=f"publish {library} {library.url}",
        scope=scope,
        apps=[library.name],
    )


def library_remove(
    *, name: str, actor: str, version: str | None = None, scope: Scope = None
) -> Revision:
    """Take ``name`` (``version`` of it, else every version) out of the import map; refused
    while a live app's range needs it."""
    what = f"{name}@{version}" if version else name
    message = f"remove library {what}"
    authorize(scope=scope, apps=[name], actor=actor, action="remove", message=message)

    def change(state: RegistryState) -> RegistryState:
        gone = [key for key in state.libraries if key[0] == name and version in (None, key[1])]
        if not gone:
            raise RegistryNotFound(f"{what} is not published in the current revision")
        for key in gone:
            del state.libraries[key]
        return state

    return new_revision(
        change, actor=actor, action="remove", message=message, scope=scope, apps=[name]
    )
