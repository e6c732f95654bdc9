"""Shared libraries as registry commands: publish a version, take one (or all) out.

A version is published from a URL on an allowed origin (``BAZAAR_SCRIPT_ORIGINS``), fetched
once and pinned by the SRI hash of its bytes (a hash the team's build computed must match), or
from an npm package the shop serves itself (package.json's ``bazaar.libraries``, installed at
set-up). Published versions are immutable. Each change is a revision like a deploy, so a
rollback or a restore brings the libraries of that time back with the apps; a change that would
leave an app without a version in its range is refused (422, naming the app and its range).
Only a deploy token whose scope names the library (or every app) may change it.
"""

from __future__ import annotations

import re

from django.conf import settings

from shell.registry import external
from shell.registry.bundles import MAX_FILE_BYTES
from shell.registry.errors import RegistryConflict, RegistryNotFound
from shell.registry.integrity import matches, sri
from shell.registry.manifest import LIBRARY_NAME, SEMVER, SRI, ManifestError
from shell.registry.models import App, Revision, SharedLibrary
from shell.registry.scopes import Scope, authorize
from shell.registry.services import new_revision
from shell.registry.shared_modules import (
    npm_version,
    reserved_specifiers,
    served_libraries,
    vendor_url,
)
from shell.registry.state import RegistryState

# "…/vue@3.5.13/dist/vue.js", as CDNs name versions in their paths.
VERSION_IN_URL = re.compile(r"@v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?=/|$)", re.ASCII)


def check_library_name(name: str, field: str = "name") -> None:
    if len(name) > 214 or not LIBRARY_NAME.fullmatch(name):
        raise ManifestError(
            f"{field}: {name[:100]!r} is not a library name (as npm names packages)"
        )
    if name in reserved_specifiers() or any(
        name.startswith(r) for r in reserved_specifiers() if r.endswith("/")
    ):
        raise ManifestError(f"{field}: {name!r} is one of the shell's own modules")
    if App.objects.filter(name=name).exists():
        raise RegistryConflict(f"{field}: {name} is a micro-app, not a library")


def library_publish(
    *,
    name: str,
    url: str,
    actor: str,
    version: str | None = None,
    integrity: str | None = None,
    content: bytes | None = None,
    scope: Scope = None,
    field: str = "name",
) -> Revision:
    """Publish ``name`` at ``version`` (else the version its URL names, as CDNs put it:
    ``…/vue@3.5.13/…``) from ``url`` and make it live. ``content``: the bytes, when the shop
    serves the file itself (else they are fetched from ``url``). ``field``: what errors call
    the name (``service`` in import-map-deployer's API)."""
    check_library_name(name, field)
    found = VERSION_IN_URL.findall(url)
    version = version or (found[-1] if found else None)
    if version is None:
        raise ManifestError(f"version: {url} names no version (…@1.2.3/…): give 'version'")
    if len(version) > 100 or not SEMVER.fullmatch(version):
        raise ManifestError(f"version: {version[:100]!r} is not a semantic version")
    if integrity is not None and not SRI.fullmatch(integrity):
        raise ManifestError("integrity: an SRI hash, 'sha384-…' (sha256, sha384 or sha512)")
    message = f"publish {name}@{version} {url}"
    authorize(scope=scope, apps=[name], actor=actor, action="publish", message=message)
    if content is None:
        content = external.fetch_module(url, "url", max_bytes=MAX_FILE_BYTES)
    if integrity is not None and not matches(integrity, content):
        raise ManifestError(
            f"integrity: {url} answered other bytes than {integrity} (they hash to {sri(content)})"
        )
    digest = sri(content)
    existing = SharedLibrary.objects.filter(name=name, version=version).first()
    if existing is not None and (existing.url, existing.integrity) != (url, digest):
        raise RegistryConflict(
            f"{name}@{version} is already published with other content; published versions "
            "are immutable"
        )

    def change(state: RegistryState) -> RegistryState:
        library, _ = SharedLibrary.objects.get_or_create(
            name=name,
            version=version,
            defaults={"url": url, "integrity": digest, "created_by": actor},
        )
        if (library.url, library.integrity) != (url, digest):  # published meanwhile elsewhere
            raise RegistryConflict(f"{name}@{version} was just published with other content")
        state.libraries[(name, version)] = library
        return state

    return new_revision(
        change, actor=actor, action="publish", message=message, scope=scope, apps=[name]
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


def publish_served_library(name: str, *, actor: str, scope: Scope = None) -> Revision:
    """Publish the version of ``name`` installed from npm, served by the shop itself."""
    if name not in served_libraries():
        raise RegistryNotFound(
            f"{name} is not one of the libraries the shop serves (package.json bazaar.libraries)"
        )
    package_name, file_path = served_libraries()[name]
    content = (settings.NODE_MODULES / package_name / file_path).read_bytes()
    return library_publish(
        name=name,
        url=vendor_url(package_name, file_path),
        version=npm_version(package_name),
        content=content,
        actor=actor,
        scope=scope,
    )
