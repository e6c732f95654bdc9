"""import-map-deployer's ``PATCH /services`` as a registry command: point a service at a
module hosted elsewhere, as a release of it."""

from __future__ import annotations

import hashlib

from shell.registry import external, release_storage
from shell.registry.bundles import (
    MAX_FILE_BYTES,
    PUBLISHED_DIR,
    bundle_from_data,
    module_references,
)
from shell.registry.errors import RegistryConflict
from shell.registry.manifest import APP_NAME, ManifestError, parse_manifest
from shell.registry.models import Release, Revision
from shell.registry.scopes import Scope, authorize
from shell.registry.services import release_deploy
from shell.registry.state import current_revision

IMD_VERSION_TAG = "imd"  # build metadata of versions made by PATCH /services


def service_deploy(
    *, service: str, url: str, actor: str, integrity: str | None = None, scope: Scope = None
) -> Revision:
    """``PATCH /services`` of import-map-deployer: point ``service`` at the module at ``url``.

    For an app of the current revision this is a new release of it: the same manifest (routes,
    mount points, config) and published files, with ``entry`` at ``url``; an app taken out
    (``DELETE /services``) comes back so, from the release it last had live. Any other service
    becomes a module of its own in the import map, mounted nowhere (a utility module). The
    version is the app's with build metadata naming the bytes (``1.4.0+imd.3f2a…``), so the
    same module deployed again changes nothing; the history records it like any release.
    ``service`` must be in ``scope`` (checked before the module is fetched). ``integrity``
    (an SRI value the team's build computed) must match the bytes fetched, or nothing changes.
    """
    if not APP_NAME.fullmatch(service):
        raise ManifestError(
            "service: must look like '@scope/name' (lower-case letters, digits, '-')"
        )
    return services_deploy(
        services={service: (url, integrity)},
        actor=actor,
        message=f"PATCH /services {service} {url}",
        scope=scope,
    )


def services_deploy(
    *,
    services: dict[str, tuple[str, str | None]],
    actor: str,
    message: str,
    scope: Scope = None,
) -> Revision:
    """Point each service at its ``(url, integrity)``, as ``service_deploy`` does one, all in
    one revision (``PATCH /import-map.json``): every module is fetched and checked before any
    is published, and a refusal of one changes nothing."""
    for service in services:
        if not APP_NAME.fullmatch(service):
            raise ManifestError(
                f"imports: {service[:100]!r} is not a micro-app ('@scope/name'); a shared "
                "library is published with PATCH /services, one a request"
            )
    authorize(scope=scope, apps=list(services), actor=actor, action="deploy", message=message)
    bundles = [
        _service_bundle(service, url, integrity) for service, (url, integrity) in services.items()
    ]
    return release_deploy(bundles=bundles, actor=actor, message=message, scope=scope)


def _service_bundle(service: str, url: str, integrity: str | None):
    content = external.fetch_module(url, "url", max_bytes=MAX_FILE_BYTES)
    current = _last_live_release(service)
    if current is not None:
        manifest = {**current.manifest, "entry": url}
        files = published_sources(current)
        core = current.version.split("+", 1)[0]
    else:
        manifest = {"name": service, "entry": url}
        files = {}
        core = "0.0.0"
    fingerprint = hashlib.sha256(url.encode() + b"\0" + content).hexdigest()[:12]
    manifest["version"] = f"{core}+{IMD_VERSION_TAG}.{fingerprint}"
    # Pinned hashes stay for the modules the new manifest still refers to (not the entry
    # replaced: its hash comes from the bytes fetched now).
    references = {
        ref for _, ref in module_references(parse_manifest({**manifest, "integrity": {}}))
    }
    manifest["integrity"] = {
        ref: digest
        for ref, digest in manifest.get("integrity", {}).items()
        if ref != url and ref in references
    }
    if integrity is not None:
        manifest["integrity"][url] = integrity  # checked against the bytes by the bundle
    return bundle_from_data(manifest, files, fetched={url: content})


def _last_live_release(service: str) -> Release | None:
    """The app's release in the current revision, or else in the latest revision that had it."""
    head = current_revision()
    current = head.releases.filter(app__name=service).first() if head else None
    if current is not None:
        return current
    last = Revision.objects.filter(releases__app__name=service).order_by("-number").first()
    return last.releases.filter(app__name=service).first() if last else None


def published_sources(release: Release) -> dict[str, bytes]:
    """The files a release published under ``src/``, as a deploy would send them."""
    try:
        return release_storage.read_version_files(
            release.app.slug, release.version, under=PUBLISHED_DIR
        )
    except FileNotFoundError:
        raise RegistryConflict(
            f"{release}: its published files are missing from the release storage"
        ) from None
