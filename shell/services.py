"""Registry commands: deploy releases, roll back, remove apps.

A command given a deploy token's ``scope`` (the apps it may change; ``None`` or ``{"*"}``:
every app, as for an operator at the machine) changes nothing outside it: the apps it names
are checked before anything is fetched or published, and what the new revision would change
is checked again, against the head, in the transaction that writes it. A refusal is recorded
(``Refusal``) and raised as ``RegistryForbidden``.

Every command validates everything first, publishes files as an immutable version in the
release storage (``shell.release_storage``: whole or not at all, never replaced, the same for
every replica), then writes one new revision in a single transaction. Revision numbers are
unique, so two shell replicas deploying at once cannot both win: the loser retries on the new
head, and both land in the history. A deploy that is refused after publishing (another
replica won a race) takes back the versions it published.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from bazaar.models import now_ms
from shell import bundler, external, release_storage
from shell.live import log as live_log
from shell.live.messages import RevisionChanged
from shell.manifest import (
    APP_NAME,
    MAX_PATH_CHARS,
    Manifest,
    ManifestError,
    Route,
    bff_origin,
    is_external,
    parse_manifest,
    routes_clash,
)
from shell.metrics import DEPLOYS
from shell.models import App, Canary, Refusal, Release, Revision

PUBLISHED_DIR = "src"  # a micro-app's browser files live in microapps/<name>/src/
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_BUNDLE_BYTES = 20 * 1024 * 1024
MAX_FILES = 1000
MAX_FILE_NAME_CHARS = 100  # one file or folder name
MAX_FILE_DEPTH = 16  # folders below src/
HEAD_RETRIES = 5

# Paths the platform serves itself, which no app's route may claim (besides the first segment
# of every pattern in the URLconf, see platform_paths): websockets are routed outside it, the
# rest are reserved for what the platform serves or will serve there.
PLATFORM_PATHS = (
    "api",
    "bff",
    "oidc",
    "static",
    "ws",
    "live",
    "sw.js",
    "manifest.webmanifest",
    "outbox",
    "overrides",
    "importmap.json",
    "import-map.json",
    "services",
    "healthz",
    "metrics",
    "admin",
)


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


# The apps a deploy token may change (``settings.DEPLOY_TOKEN_SCOPES``); None: every app.
Scope = frozenset[str] | None
EVERY_APP = "*"


def outside(scope: Scope, apps) -> list[str]:
    """The apps of ``apps`` that ``scope`` does not allow, sorted."""
    if scope is None or EVERY_APP in scope:
        return []
    return sorted(set(apps) - scope)


def authorize(*, scope: Scope, apps, actor: str, action: str, message: str) -> None:
    """Raise ``RegistryForbidden`` (recorded) unless ``scope`` allows every app of ``apps``."""
    refused = outside(scope, apps)
    if refused:
        raise refuse(scope=scope, apps=refused, actor=actor, action=action, message=message)


def refuse(*, scope: Scope, apps: list[str], actor: str, action: str, message: str):
    """Record the refusal in the audit; returns the exception to raise."""
    apps = [app[:100] for app in apps[:20]]  # a refused deploy may name anything
    allowed = ", ".join(sorted(scope or ())) or "none"
    detail = (
        f"{message[:300]}: the deploy token {actor!r} may not change {', '.join(apps)} "
        f"(it may change {allowed})"
    )[:1000]
    refusal = Refusal.objects.create(
        created_by=actor, action=action, message=message[:500], apps=apps, reason=detail
    )
    Refusal.objects.filter(pk__lte=refusal.pk - Refusal.KEEP).delete()
    return RegistryForbidden(detail, apps)


class _Outside(Exception):
    """Raised in a revision's transaction (rolled back), recorded after it."""

    def __init__(self, apps: list[str]) -> None:
        super().__init__(apps)
        self.apps = apps


@dataclass(frozen=True)
class Bundle:
    """A manifest and the files it publishes, keyed by path relative to the app folder, the
    modules bundled from them (None: nothing to bundle, or esbuild is not installed), and the
    bytes of the modules it points at elsewhere, keyed by URL (fetched once, at deploy)."""

    manifest: Manifest
    files: dict[str, bytes]
    build: bundler.Build | None = None
    external: dict[str, bytes] = dataclasses.field(default_factory=dict)

    @property
    def published(self) -> dict[str, bytes]:
        """Every file of the version folder: the sources and what was built from them."""
        return {**self.files, **(self.build.files if self.build else {})}

    @property
    def digest(self) -> str:
        sha = hashlib.sha256(json.dumps(self.manifest.model_dump(), sort_keys=True).encode())
        for path in sorted(self.files):
            sha.update(path.encode() + b"\0" + hashlib.sha256(self.files[path]).digest())
        for url in sorted(self.external):
            sha.update(url.encode() + b"\0" + hashlib.sha256(self.external[url]).digest())
        return sha.hexdigest()

    @property
    def integrity(self) -> dict[str, str]:
        """The SRI hash of every published file (by path) and external module (by URL)."""
        return {ref: sri(content) for ref, content in {**self.published, **self.external}.items()}


def sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


FILE_PATH = re.compile(rf"{PUBLISHED_DIR}(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+", re.ASCII)


def bundle_from_data(
    manifest: object, files: dict[str, bytes], *, fetched: dict[str, bytes] | None = None
) -> Bundle:
    """Validate a manifest and its files together; raise ``ManifestError`` naming the problem.
    Modules hosted elsewhere are fetched, unless ``fetched`` already holds their bytes."""
    parsed = parse_manifest(manifest)
    _check_reserved(parsed)
    check_bff_allowed(parsed.bff)
    _check_platform_paths(parsed)
    if len(files) > MAX_FILES:
        raise ManifestError(f"files: at most {MAX_FILES} files may be published")
    total = 0
    folders = {folder for path in files for folder in _parent_folders(path)}
    for path, content in files.items():
        _check_file_path(path)
        if path in folders:
            raise ManifestError(f"files: {path!r} is both a file and a folder")
        if len(content) > MAX_FILE_BYTES:
            raise ManifestError(f"files: {path!r} is larger than {MAX_FILE_BYTES} bytes")
        total += len(content)
    if total > MAX_BUNDLE_BYTES:
        raise ManifestError(f"files: the bundle is larger than {MAX_BUNDLE_BYTES} bytes")
    references = _module_references(parsed)
    local = [(field, ref) for field, ref in references if not is_external(ref)]
    elsewhere = [(field, ref) for field, ref in references if is_external(ref)]
    for field, path in local:
        if path not in files:
            raise ManifestError(f"{field}: module {path!r} is not among the published files")
    for field, url in elsewhere:
        external.check_allowed(url, field)
    fetched = _fetch_external(parsed, elsewhere, dict(fetched or {}))
    build = bundler.build(files, [path for _, path in local]) if local else None
    return Bundle(manifest=parsed, files=files, build=build, external=fetched)


def _fetch_external(
    manifest: Manifest, references: list[tuple[str, str]], known: dict[str, bytes]
) -> dict[str, bytes]:
    """Each module hosted elsewhere, fetched once; checked against ``integrity`` if given."""
    fetched: dict[str, bytes] = {}
    for field, url in references:
        if url in fetched:
            continue
        content = known.get(url) or external.fetch_module(url, field, max_bytes=MAX_FILE_BYTES)
        expected = manifest.integrity.get(url)
        if expected and not external.matches(expected, content):
            raise ManifestError(
                f"integrity: {url} answered other bytes than {expected} (they hash to "
                f"{sri(content)})"
            )
        fetched[url] = content
    return fetched


def bundle_from_directory(manifest_path: Path, *, bff_origin: str | None = None) -> Bundle:
    """Read ``microapps/<name>/manifest.json`` and every file below its ``src/`` folder.
    ``bff_origin`` makes a ``bff`` path on this site absolute on that origin (the BFFs served
    by processes of their own, behind a gateway: the distributed mode), and so a ``config``
    value naming another BFF's path (``"cartBff": "/bff/cart/api"``)."""
    manifest_path = Path(manifest_path)
    try:
        data = json.loads(manifest_path.read_text())
    except FileNotFoundError:
        raise ManifestError(f"manifest: {manifest_path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise ManifestError(f"manifest: {manifest_path} is not valid JSON ({exc})") from None
    root = manifest_path.parent
    if bff_origin and isinstance(data, dict):
        data = _bffs_on(bff_origin.rstrip("/"), data)
    return bundle_from_data(data, source_files(root))


def _bffs_on(origin: str, data: dict) -> dict:
    def moved(value):
        return origin + value if isinstance(value, str) and value.startswith("/bff/") else value

    data = {**data, "bff": moved(data.get("bff"))} if "bff" in data else dict(data)
    if isinstance(data.get("config"), dict):
        data["config"] = {key: moved(value) for key, value in data["config"].items()}
    return data


def source_files(root: Path) -> dict[str, bytes]:
    """The files below ``root/src/`` by path relative to ``root``, as a deploy sends them
    (hidden files left out)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / PUBLISHED_DIR).rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def _check_file_path(path: str) -> None:
    shown = repr(path[:80] + ("…" if len(path) > 80 else ""))
    if len(path) > MAX_PATH_CHARS:
        raise ManifestError(f"files: {shown} is longer than {MAX_PATH_CHARS} characters")
    if not FILE_PATH.fullmatch(path):
        raise ManifestError(
            f"files: {shown} must be a relative path inside '{PUBLISHED_DIR}/' "
            "(letters, digits, '.', '_', '-'; no hidden files or '..')"
        )
    names = path.split("/")[1:]
    if len(names) - 1 > MAX_FILE_DEPTH:
        raise ManifestError(f"files: {shown} is more than {MAX_FILE_DEPTH} folders deep")
    if any(len(name) > MAX_FILE_NAME_CHARS for name in names):
        raise ManifestError(
            f"files: {shown}: a file or folder name may have at most "
            f"{MAX_FILE_NAME_CHARS} characters"
        )


def _parent_folders(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def check_bff_allowed(bff: str | None, field: str = "bff") -> None:
    """The platform sends signed-in users' bearer tokens to an app's BFF: only this site and
    the origins in ``BAZAAR_BFF_ORIGINS`` may receive them."""
    if bff is None:
        return
    try:
        origin = bff_origin(bff)
    except ValueError as exc:
        raise ManifestError(f"{field}: {exc}") from None
    if origin is not None and origin not in settings.BAZAAR_BFF_ORIGINS:
        allowed = ", ".join(settings.BAZAAR_BFF_ORIGINS) or "none: BFFs must be paths on this site"
        raise ManifestError(
            f"{field}: {origin} is not an allowed BFF origin (BAZAAR_BFF_ORIGINS: {allowed})"
        )


@functools.cache
def platform_paths() -> frozenset[str]:
    """First path segments the platform serves itself: ``PLATFORM_PATHS`` and the first
    segment of every literal pattern in the URLconf (so a path added there is reserved too)."""
    from django.urls import get_resolver

    heads = set(PLATFORM_PATHS)
    for pattern in get_resolver().url_patterns:
        heads.update(_literal_heads(str(pattern.pattern)))
    return frozenset(heads)


def _literal_heads(pattern: str) -> list[str]:
    """``"oidc/token/"`` → ["oidc"]; ``"^(api|bff)/"`` → ["api", "bff"]; a catch-all → []."""
    head = pattern.removeprefix("^").split("/", 1)[0].removesuffix("$")
    options = head[1:-1].split("|") if head.startswith("(") and head.endswith(")") else [head]
    options = [re.sub(r"\\(.)", r"\1", option) for option in options]
    return [o for o in options if re.fullmatch(r"[A-Za-z0-9._~-]+", o, re.ASCII)]


def _check_platform_paths(manifest: Manifest) -> None:
    """A route may not claim a path the platform serves (``/api``, ``/oidc``, ``/sw.js``…):
    the shell's router would take navigation to it away from the platform."""
    for i, route in enumerate(manifest.routes):
        for head in sorted(platform_paths()):
            if routes_clash(route, Route(path="/" + head)):
                raise ManifestError(
                    f"routes.{i}.path: {route.path!r} claims '/{head}', which the platform serves"
                )


def _check_reserved(manifest: Manifest) -> None:
    """Apps may not take over the specifiers of the shell's shared modules."""
    from shell.shared_modules import reserved_specifiers

    reserved = reserved_specifiers()
    for field, specifier in [("name", manifest.name), *(("imports", s) for s in manifest.imports)]:
        if specifier in reserved or any(
            specifier.startswith(r) for r in reserved if r.endswith("/")
        ):
            raise ManifestError(
                f"{field}: {specifier!r} is reserved for the shell's shared modules"
            )


def _module_references(manifest: Manifest) -> list[tuple[str, str]]:
    refs = [("entry", manifest.entry)]
    refs += [(f"imports.{spec}", path) for spec, path in manifest.imports.items()]
    for slot, items in manifest.mountPoints.items():
        refs += [
            (f"mountPoints.{slot}.{i}.module", it.module) for i, it in enumerate(items) if it.module
        ]
    return refs


def current_revision() -> Revision | None:
    return Revision.objects.order_by("-number").first()


def release_deploy(
    *,
    bundles: list[Bundle],
    actor: str,
    message: str = "",
    canary: int | None = None,
    scope: Scope = None,
) -> Revision:
    """Publish ``bundles`` and make them current together, in one new revision; with
    ``canary``, give them to that percentage of visitors only (each app must be live already:
    the others keep its current release until the canary is promoted or aborted).

    Re-deploying a version with identical content is a no-op for that app; the same version
    with different content is refused, because published versions are immutable. Every app
    of the release must be in ``scope`` (a no-op for an app included).
    """
    names = [b.manifest.name for b in bundles]
    if not bundles:
        raise ManifestError("manifests: at least one manifest is required")
    action = "canary" if canary is not None else "deploy"
    summary = ", ".join(f"{b.manifest.name}@{b.manifest.version}" for b in bundles)
    if canary is not None:
        summary += f" to {canary}%"
    what = f"{action} {summary}"
    authorize(scope=scope, apps=names, actor=actor, action=action, message=what)
    message = message or what
    if len(set(names)) != len(names):
        raise ManifestError("manifests: an app appears twice in one release")
    slugs = [b.manifest.slug for b in bundles]
    if len(set(slugs)) != len(slugs):
        raise ManifestError("manifests: two apps in one release share a name")
    for bundle in bundles:
        _check_slug_free(bundle)
        _check_immutable(bundle)
    head = current_revision()
    live = {r.app.name: r.manifest for r in head.releases.select_related("app")} if head else {}
    _check_route_clashes(
        [_stored_routes(m) for n, m in live.items() if n not in names]
        + [(b.manifest.name, list(b.manifest.routes)) for b in bundles]
    )

    if canary is not None and not 1 <= canary <= 99:
        raise ManifestError("canary: a percentage from 1 to 99 (100% is a deploy)")

    def change(state: RegistryState) -> RegistryState:
        for bundle in bundles:
            name = bundle.manifest.name
            release = _release_for(bundle, actor)
            if canary is None:
                state.releases[name] = release
                state.canaries.pop(name, None)
            elif name not in state.releases:
                raise RegistryConflict(f"canary: {name} is not live yet; deploy it first")
            elif state.releases[name].pk == release.pk:
                raise RegistryConflict(f"canary: {release} is already live for everyone")
            else:
                state.canaries[name] = (release, canary)
        state.check_routes()
        return state

    created: list[Bundle] = []
    try:
        for bundle in bundles:
            if _publish(bundle):
                created.append(bundle)
        return _new_revision(
            change, actor=actor, action=action, message=message, scope=scope, apps=names
        )
    except BaseException:
        for bundle in created:
            _unpublish(bundle)
        raise


IMD_VERSION_TAG = "imd"  # build metadata of versions made by PATCH /services


def service_deploy(*, service: str, url: str, actor: str, scope: Scope = None) -> Revision:
    """``PATCH /services`` of import-map-deployer: point ``service`` at the module at ``url``.

    For an app of the current revision this is a new release of it: the same manifest (routes,
    mount points, config) and published files, with ``entry`` at ``url``. Any other service
    becomes a module of its own in the import map, mounted nowhere (a utility module). The
    version is the app's with build metadata naming the bytes (``1.4.0+imd.3f2a…``), so the
    same module deployed again changes nothing; the history records it like any release.
    ``service`` must be in ``scope`` (checked before the module is fetched).
    """
    if not APP_NAME.fullmatch(service):
        raise ManifestError(
            "service: must look like '@scope/name' (lower-case letters, digits, '-')"
        )
    message = f"PATCH /services {service} {url}"
    authorize(scope=scope, apps=[service], actor=actor, action="deploy", message=message)
    content = external.fetch_module(url, "url", max_bytes=MAX_FILE_BYTES)
    head = current_revision()
    current = head.releases.filter(app__name=service).first() if head else None
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
        ref for _, ref in _module_references(parse_manifest({**manifest, "integrity": {}}))
    }
    manifest["integrity"] = {
        ref: digest
        for ref, digest in manifest.get("integrity", {}).items()
        if ref != url and ref in references
    }
    bundle = bundle_from_data(manifest, files, fetched={url: content})
    return release_deploy(bundles=[bundle], actor=actor, message=message, scope=scope)


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


def release_rollback(
    *, name: str, actor: str, to_version: str | None = None, scope: Scope = None
) -> Revision:
    """Make an earlier release of ``name`` current again: ``to_version``, or the one before."""
    message = f"rollback {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="rollback", message=message)

    def change(state: RegistryState) -> RegistryState:
        releases = state.releases
        current = releases.get(name)
        if current is None:
            raise RegistryNotFound(f"{name} is not deployed in the current revision")
        if to_version is not None:
            target = Release.objects.filter(app__name=name, version=to_version).first()
            if target is None:
                raise RegistryNotFound(f"{name} has no release {to_version}")
        else:
            target = _previous_release(name, current)
        check_bff_allowed(target.manifest.get("bff"), field=f"bff of {target}")
        releases[name] = target
        state.canaries.pop(name, None)
        state.check_routes()
        return state

    return _new_revision(
        change, actor=actor, action="rollback", message=message, scope=scope, apps=[name]
    )


def app_remove(*, name: str, actor: str, scope: Scope = None) -> Revision:
    """Take ``name`` out of the current revision (its releases stay, for rollback and audit)."""
    message = f"remove {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="remove", message=message)

    def change(state: RegistryState) -> RegistryState:
        if state.releases.pop(name, None) is None:
            raise RegistryNotFound(f"{name} is not deployed in the current revision")
        state.canaries.pop(name, None)
        return state

    return _new_revision(
        change, actor=actor, action="remove", message=message, scope=scope, apps=[name]
    )


def revision_restore(*, number: int, actor: str, scope: Scope = None) -> Revision:
    """Make the exact set of releases of an earlier revision current again. ``scope`` must
    allow every app whose release or canary that changes (against the head the new revision
    is written on); apps the restore leaves as they are need not be in it."""
    old = Revision.objects.filter(number=number).first()
    if old is None:
        raise RegistryNotFound(f"revision {number} does not exist")

    def change(_: RegistryState) -> RegistryState:
        state = RegistryState.of(old)
        for release in [*state.releases.values(), *(r for r, _ in state.canaries.values())]:
            check_bff_allowed(release.manifest.get("bff"), field=f"bff of {release}")
        state.check_routes()
        return state

    return _new_revision(
        change, actor=actor, action="rollback", message=f"restore revision {number}", scope=scope
    )


def _new_revision(
    change, *, actor: str, action: str, message: str, scope: Scope = None, apps=()
) -> Revision:
    """Write the revision ``change`` makes of the head's state, unless it changes nothing.
    ``scope`` must allow ``apps`` and every app whose release or canary it changes."""
    for _ in range(HEAD_RETRIES):
        try:
            with transaction.atomic():
                _lock_registry()
                head = current_revision()
                state = RegistryState.of(head)
                old = state.copy()
                state = change(state)
                refused = outside(scope, {*apps, *state.changed_apps(old)})
                if refused:
                    raise _Outside(refused)
                if head and state.key() == old.key():
                    return head  # nothing changed: no new revision
                revision = Revision.objects.create(
                    number=(head.number + 1) if head else 1,
                    created_by=actor,
                    action=action,
                    message=message[:500],
                )
                revision.releases.set(state.releases.values())
                Canary.objects.bulk_create(
                    Canary(revision=revision, release=release, percent=percent)
                    for release, percent in state.canaries.values()
                )
                # Open tabs learn of it over the live stream (no version skew).
                live_log.append("registry", RevisionChanged, at=now_ms(), revision=revision.number)
                transaction.on_commit(DEPLOYS.labels(action).inc)
                return revision
        except IntegrityError:
            # Another replica wrote the next revision (or the same app/release) first: retry
            # on the new head, where the checks run again against what it wrote.
            continue
        except _Outside as exc:  # its transaction is rolled back: the refusal is kept
            raise refuse(
                scope=scope, apps=exc.apps, actor=actor, action=action, message=message
            ) from None
    raise RegistryConflict("the registry is busy; retry the request")


def _lock_registry() -> None:
    """Replicas writing revisions at once take turns: on PostgreSQL a transaction-scoped
    advisory lock (SQLite's IMMEDIATE transactions already let one writer in at a time), so
    each deploy reads the head the previous one wrote instead of failing on its number."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_LOCK])


REGISTRY_LOCK = 0x62617A61  # "baza": the registry's advisory lock key


def canary_promote(*, name: str, actor: str, scope: Scope = None) -> Revision:
    """Give ``name``'s canary release to everyone."""
    message = f"promote {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="promote", message=message)

    def change(state: RegistryState) -> RegistryState:
        if name not in state.canaries:
            raise RegistryNotFound(f"{name} has no canary in the current revision")
        state.releases[name] = state.canaries.pop(name)[0]
        state.check_routes()
        return state

    return _new_revision(
        change, actor=actor, action="promote", message=message, scope=scope, apps=[name]
    )


def canary_abort(*, name: str, actor: str, scope: Scope = None) -> Revision:
    """Take ``name``'s canary back: everyone gets the app's live release again."""
    message = f"abort canary {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="abort", message=message)

    def change(state: RegistryState) -> RegistryState:
        if state.canaries.pop(name, None) is None:
            raise RegistryNotFound(f"{name} has no canary in the current revision")
        return state

    return _new_revision(
        change, actor=actor, action="abort", message=message, scope=scope, apps=[name]
    )


@dataclass
class RegistryState:
    """What a revision holds: each app's release, and the canaries (app -> release, percent)
    that part of the visitors get instead."""

    releases: dict[str, Release]
    canaries: dict[str, tuple[Release, int]]

    @classmethod
    def of(cls, revision: Revision | None) -> RegistryState:
        if revision is None:
            return cls({}, {})
        return cls(
            releases={r.app.name: r for r in revision.releases.select_related("app")},
            canaries={
                c.release.app.name: (c.release, c.percent)
                for c in revision.canaries.select_related("release__app")
            },
        )

    def copy(self) -> RegistryState:
        return RegistryState(dict(self.releases), dict(self.canaries))

    def changed_apps(self, other: RegistryState) -> set[str]:
        """The apps whose release or canary differ between this state and ``other``."""

        def entry(state: RegistryState, name: str) -> tuple:
            release = state.releases.get(name)
            canary = state.canaries.get(name)
            return (
                release.pk if release else None,
                (canary[0].pk, canary[1]) if canary else None,
            )

        names = {*self.releases, *self.canaries, *other.releases, *other.canaries}
        return {name for name in names if entry(self, name) != entry(other, name)}

    def key(self) -> tuple:
        return (
            sorted((n, r.pk) for n, r in self.releases.items()),
            sorted((n, r.pk, p) for n, (r, p) in self.canaries.items()),
        )

    def check_routes(self) -> None:
        """No route clashes for anyone. Buckets are shared, so a visitor in a canary at N% is
        in every canary at more than N% too: the sets visitors can get are the releases with
        the widest canary, the two widest, and so on."""
        releases = dict(self.releases)
        _check_route_clashes(_routes_of(releases))
        widest_first = sorted(self.canaries.items(), key=lambda item: -item[1][1])
        for name, (release, _) in widest_first:
            releases[name] = release
            _check_route_clashes(_routes_of(releases))


def _previous_release(name: str, current: Release) -> Release:
    """The release of ``name`` published just before ``current``: rolling back again keeps
    walking back through the versions instead of toggling between the last two."""
    previous = Release.objects.filter(app__name=name, pk__lt=current.pk).order_by("-pk").first()
    if previous is None:
        raise RegistryNotFound(f"{name} has no earlier release to roll back to")
    return previous


def check_new_app(manifest: Manifest, *, on_disk: list[Manifest] = ()) -> None:
    """Whether an app could be added as ``manifest`` says: a name no app of the registry (or
    ``on_disk``) has, and routes clashing with no live app, canary, app on disk or platform
    path. Raises ManifestError. A registry not migrated yet holds no apps."""
    from django.db import connection

    _check_platform_paths(manifest)
    _check_reserved(manifest)
    taken = [m.name for m in on_disk if m.slug == manifest.slug]
    apps: list[AppRoutes] = [(m.name, list(m.routes)) for m in on_disk]
    if App._meta.db_table in connection.introspection.table_names():
        taken += App.objects.filter(slug=manifest.slug).values_list("name", flat=True)
        state = RegistryState.of(current_revision())
        releases = [*state.releases.values(), *(r for r, _ in state.canaries.values())]
        apps += [_stored_routes(r.manifest) for r in releases]
    if taken:
        raise ManifestError(f"name: {manifest.slug!r} is taken by {taken[0]}")
    others = {}
    for name, routes in apps:  # each app's routes once (live, canary and disk may repeat)
        others.setdefault(name, []).extend(routes)
    for name, routes in others.items():
        _check_route_clashes([(name, routes), (manifest.name, list(manifest.routes))])


def _check_slug_free(bundle: Bundle) -> None:
    """``@a/cart`` and ``@b/cart`` would publish to the same folder and BFF path."""
    taken = App.objects.filter(slug=bundle.manifest.slug).exclude(name=bundle.manifest.name).first()
    if taken is not None:
        raise ManifestError(
            f"name: the short name {bundle.manifest.slug!r} is taken by {taken.name}"
        )


def _check_immutable(bundle: Bundle) -> None:
    existing = Release.objects.filter(
        app__name=bundle.manifest.name, version=bundle.manifest.version
    )
    release = existing.first()
    if release is not None and release.digest != bundle.digest:
        raise RegistryConflict(
            f"{bundle.manifest.name}@{bundle.manifest.version} is already published with other "
            "content; published versions are immutable, so bump 'version'"
        )


AppRoutes = tuple[str, list[Route]]  # an app's name and its routes


def _stored_routes(manifest: dict) -> AppRoutes:
    """The routes of a stored release as they were validated then: not validated again, so
    a rule tightened since never makes the registry unusable."""
    routes = [Route.model_construct(**route) for route in manifest.get("routes", [])]
    return manifest["name"], routes


def _routes_of(releases: dict[str, Release]) -> list[AppRoutes]:
    return [_stored_routes(r.manifest) for r in releases.values()]


def _check_route_clashes(apps: list[AppRoutes]) -> None:
    for i, (a, a_routes) in enumerate(apps):
        for b, b_routes in apps[i + 1 :]:
            for ra in a_routes:
                for rb in b_routes:
                    if routes_clash(ra, rb):
                        raise ManifestError(
                            f"routes: {a} route {ra.path!r} clashes with {b} route {rb.path!r}"
                        )


def _release_for(bundle: Bundle, actor: str) -> Release:
    manifest = bundle.manifest
    app, _ = App.objects.get_or_create(name=manifest.name, defaults={"slug": manifest.slug})
    release, created = Release.objects.get_or_create(
        app=app,
        version=manifest.version,
        defaults={
            "manifest": manifest.model_dump(mode="json"),
            "base_url": f"{settings.STATIC_URL}apps/{manifest.slug}/{manifest.version}/",
            "integrity": bundle.integrity,
            "build": bundle.build.as_record() if bundle.build else {},
            "digest": bundle.digest,
            "created_by": actor,
        },
    )
    if not created and release.digest != bundle.digest:  # published meanwhile by someone else
        raise RegistryConflict(
            f"{manifest.name}@{manifest.version} was just published with other content"
        )
    return release


def _publish(bundle: Bundle) -> bool:
    """Publish the bundle's files as its version, once; returns whether this call did."""
    manifest = bundle.manifest
    try:
        return release_storage.publish_version(
            slug=manifest.slug,
            version=manifest.version,
            files=bundle.published,
            digest=bundle.digest,
        )
    except release_storage.VersionTaken:
        raise _published_elsewhere(manifest) from None


def _published_elsewhere(manifest: Manifest) -> RegistryConflict:
    return RegistryConflict(
        f"{manifest.name}@{manifest.version} is already published with other content; "
        "published versions are immutable, so bump 'version'"
    )


def _unpublish(bundle: Bundle) -> None:
    """Take back a version this deploy published, unless a release was recorded for it
    meanwhile."""
    manifest = bundle.manifest
    try:
        if Release.objects.filter(app__name=manifest.name, version=manifest.version).exists():
            return
    except DatabaseError:  # cannot tell: leave it (a later deploy of it finds it complete)
        return
    release_storage.unpublish_version(slug=manifest.slug, version=manifest.version)
