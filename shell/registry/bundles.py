"""A release's validation: a manifest and the files it publishes, checked together into a
``Bundle`` (sizes, paths, reserved names, platform paths, allowed BFF origins, modules hosted
elsewhere fetched once and checked against their pinned hashes, the sources bundled)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from bazaar.origins import bff_origin
from shell.registry import bundler, external, integrity
from shell.registry.integrity import sri
from shell.registry.manifest import (
    MAX_PATH_CHARS,
    Manifest,
    ManifestError,
    Route,
    is_external,
    parse_manifest,
    routes_clash,
)
from shell.registry.shared_modules import reserved_specifiers

PUBLISHED_DIR = "src"  # a micro-app's browser files live in microapps/<name>/src/
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_BUNDLE_BYTES = 20 * 1024 * 1024
MAX_FILES = 1000
MAX_FILE_NAME_CHARS = 100  # one file or folder name
MAX_FILE_DEPTH = 16  # folders below src/

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


FILE_PATH = re.compile(rf"{PUBLISHED_DIR}(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+", re.ASCII)


def bundle_from_data(
    manifest: object, files: dict[str, bytes], *, fetched: dict[str, bytes] | None = None
) -> Bundle:
    """Validate a manifest and its files together; raise ``ManifestError`` naming the problem.
    Modules hosted elsewhere are fetched, unless ``fetched`` already holds their bytes."""
    parsed = parse_manifest(manifest)
    check_reserved(parsed)
    check_bff_allowed(parsed.bff)
    check_platform_paths(parsed)
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
    references = module_references(parsed)
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
        if expected and not integrity.matches(expected, content):
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


def check_platform_paths(manifest: Manifest) -> None:
    """A route may not claim a path the platform serves (``/api``, ``/oidc``, ``/sw.js``…):
    the shell's router would take navigation to it away from the platform."""
    for i, route in enumerate(manifest.routes):
        for head in sorted(platform_paths()):
            if routes_clash(route, Route(path="/" + head)):
                raise ManifestError(
                    f"routes.{i}.path: {route.path!r} claims '/{head}', which the platform serves"
                )


def check_reserved(manifest: Manifest) -> None:
    """Apps may not take over the specifiers of the shell's shared modules."""
    reserved = reserved_specifiers()
    for field, specifier in [("name", manifest.name), *(("imports", s) for s in manifest.imports)]:
        if specifier in reserved or any(
            specifier.startswith(r) for r in reserved if r.endswith("/")
        ):
            raise ManifestError(
                f"{field}: {specifier!r} is reserved for the shell's shared modules"
            )


def module_references(manifest: Manifest) -> list[tuple[str, str]]:
    refs = [("entry", manifest.entry)]
    refs += [(f"imports.{spec}", path) for spec, path in manifest.imports.items()]
    for slot, items in manifest.mountPoints.items():
        refs += [
            (f"mountPoints.{slot}.{i}.module", it.module) for i, it in enumerate(items) if it.module
        ]
    return refs
