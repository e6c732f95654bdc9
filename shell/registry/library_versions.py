"""A shared library's version, checked and pinned before any revision is written: its name
(npm's, not an app's nor one of the shell's modules), its semantic version (else the one its
URL names, as CDNs put it: ``…/vue@3.5.13/…``), and the SRI hash of its bytes (fetched once
from an allowed origin, or read from an npm package the shop serves). Published versions are
immutable: the same name and version with other bytes or another URL is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from shell.registry import external
from shell.registry.bundles import MAX_FILE_BYTES
from shell.registry.errors import RegistryConflict, RegistryNotFound
from shell.registry.integrity import matches, sri
from shell.registry.manifest import LIBRARY_NAME, SEMVER, SRI, ManifestError
from shell.registry.models import App, SharedLibrary
from shell.registry.shared_modules import (
    npm_version,
    reserved_specifiers,
    served_libraries,
    vendor_url,
)

VERSION_IN_URL = re.compile(r"@v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?=/|$)", re.ASCII)


@dataclass(frozen=True)
class LibraryVersion:
    name: str
    version: str
    url: str
    integrity: str

    def put(self, libraries: dict, actor: str) -> None:
        """Make this version live in a revision's ``libraries`` (inside its transaction)."""
        library, _ = SharedLibrary.objects.get_or_create(
            name=self.name,
            version=self.version,
            defaults={"url": self.url, "integrity": self.integrity, "created_by": actor},
        )
        if (library.url, library.integrity) != (self.url, self.integrity):  # meanwhile
            raise RegistryConflict(f"{self} was just published with other content")
        libraries[(self.name, self.version)] = library

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"


def check_library_name(name: str, field: str = "name") -> None:
    if len(name) > 214 or not LIBRARY_NAME.fullmatch(name):
        raise ManifestError(
            f"{field}: {name[:100]!r} is not a library name (as npm names packages)"
        )
    reserved = reserved_specifiers()
    if name in reserved or any(name.startswith(r) for r in reserved if r.endswith("/")):
        raise ManifestError(f"{field}: {name!r} is one of the shell's own modules")
    if App.objects.filter(name=name).exists():
        raise RegistryConflict(f"{field}: {name} is a micro-app, not a library")


def library_version(
    *,
    name: str,
    url: str,
    version: str | None = None,
    integrity: str | None = None,
    content: bytes | None = None,
    field: str = "name",
) -> LibraryVersion:
    """``name`` at ``version`` from ``url``, checked and hashed. ``content``: its bytes when
    the shop serves the file itself (else they are fetched from ``url``). ``field``: what
    errors call the name (``service`` in import-map-deployer's API)."""
    check_library_name(name, field)
    found = VERSION_IN_URL.findall(url)
    version = version or (found[-1] if found else None)
    if version is None:
        raise ManifestError(f"version: {url} names no version (…@1.2.3/…): give 'version'")
    if len(version) > 100 or not SEMVER.fullmatch(version):
        raise ManifestError(f"version: {version[:100]!r} is not a semantic version")
    if integrity is not None and not SRI.fullmatch(integrity):
        raise ManifestError("integrity: an SRI hash, 'sha384-…' (sha256, sha384 or sha512)")
    if content is None:
        content = external.fetch_module(url, "url", max_bytes=MAX_FILE_BYTES)
    if integrity is not None and not matches(integrity, content):
        raise ManifestError(
            f"integrity: {url} answered other bytes than {integrity} (they hash to {sri(content)})"
        )
    result = LibraryVersion(name=name, version=version, url=url, integrity=sri(content))
    existing = SharedLibrary.objects.filter(name=name, version=version).first()
    if existing is not None and (existing.url, existing.integrity) != (url, result.integrity):
        raise RegistryConflict(
            f"{result} is already published with other content; published versions are immutable"
        )
    return result


def served_library(name: str) -> LibraryVersion:
    """The version of ``name`` installed from npm, which the shop serves itself (package.json's
    ``bazaar.libraries``)."""
    if name not in served_libraries():
        raise RegistryNotFound(
            f"{name} is not one of the libraries the shop serves (package.json bazaar.libraries)"
        )
    package_name, file_path = served_libraries()[name]
    return library_version(
        name=name,
        url=vendor_url(package_name, file_path),
        version=npm_version(package_name),
        content=(settings.NODE_MODULES / package_name / file_path).read_bytes(),
    )
