"""The registry's shared libraries (``/api/registry/libraries``): what is published, which app
gets which version, and publishing or removing a version (a deploy token, like every write)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from bazaar.api import errors
from shell.registry.api import RevisionOut, deployer, who
from shell.registry.libraries import library_publish, library_remove
from shell.registry.manifest import MAX_PATH_CHARS, MAX_VERSION_CHARS
from shell.registry.selectors import revision_summary, sharing_of
from shell.registry.state import current_revision

router = Router(tags=["libraries"])


class LibraryIn(Schema):
    name: str = Field(max_length=214, description="the bare specifier apps import: 'vue'")
    url: str = Field(max_length=MAX_PATH_CHARS, description="where its ES module is hosted")
    version: str | None = Field(
        None,
        max_length=MAX_VERSION_CHARS,
        description="its semantic version; may be left out when the URL names it (…@3.5.13/…)",
    )
    integrity: str | None = Field(
        None, max_length=1000, description="the SRI hash the bytes fetched must have"
    )


class LibraryVersionOut(Schema):
    version: str
    url: str
    integrity: str
    apps: list[str] = Field(description="the apps that get this version")
    in_imports: bool = Field(
        description="the import map's `imports` names it (apps that declare nothing get it)"
    )


class LibraryOut(Schema):
    name: str
    versions: list[LibraryVersionOut]


@router.get("", response=list[LibraryOut])
def list_libraries(request: HttpRequest):
    """Every shared library live in the current revision, each version with the apps that
    get it (those in a canary included, as "name (canary version)")."""
    head = current_revision()
    if head is None:
        return []
    sharing = sharing_of(head)
    by_name: dict[str, list] = {}
    for library in sorted(head.libraries.all(), key=lambda lib: (lib.name, lib.created_at)):
        by_name.setdefault(library.name, []).append(
            {
                "version": library.version,
                "url": library.url,
                "integrity": library.integrity,
                "apps": sharing.users(library),
                "in_imports": sharing.top.get(library.name) == library,
            }
        )
    return [{"name": name, "versions": versions} for name, versions in by_name.items()]


@router.post(
    "",
    response={201: RevisionOut, **errors(401, 403, 409, 422, 503)},
    auth=deployer,
)
def publish_library(request: HttpRequest, payload: LibraryIn):
    """Publish a version of a library from ``url`` (an origin of ``BAZAAR_SCRIPT_ORIGINS``),
    fetched once and pinned by its SRI hash. Apps whose range it satisfies may get it."""
    revision = library_publish(
        name=payload.name,
        url=payload.url,
        version=payload.version,
        integrity=payload.integrity,
        **who(request),
    )
    return Status(201, revision_summary(revision))


@router.delete(
    "/{path:name}",
    response={200: RevisionOut, **errors(401, 403, 404, 409, 422)},
    auth=deployer,
)
def remove_library(request: HttpRequest, name: str, version: str | None = None):
    """Take a library (``?version=``: one version of it) out of the import map: refused (422)
    while a live app's range needs it."""
    return revision_summary(library_remove(name=name, version=version, **who(request)))
