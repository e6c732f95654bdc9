"""Modules every micro-app shares through the import map: the shell's own and npm's.

npm packages come from ``node_modules`` (installed at set-up from package.json, never
committed) and are served under a versioned URL, so they can be cached forever. The shell's
own modules (``@bazaar/platform``, the root config) are written in ``shell/static/shell``;
``manage.py build_shell`` (run by the set-up) bundles them with esbuild into its ``build/``
folder, which pages load while it matches the sources (a build older than an edit is ignored,
and the sources are loaded as they are). Everything is hashed once per process: the bytes
cannot change while it runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from shell.registry import bundler

SHELL_STATIC = Path(__file__).resolve().parent.parent / "static" / "shell"
SHELL_BUILD = SHELL_STATIC / "build"
BUILD_RECORD = "build.json"
SHELL_MODULES = {
    "@bazaar/platform": "platform/index.js",
    "@bazaar/root-config": "root-config.js",
}
PLATFORM_SCOPE = "@bazaar/platform/"
ON_DEMAND = ("outbox-page.js", "overrides-page.js")  # shell modules only one route loads
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SharedModules:
    imports: dict[str, str]
    integrity: dict[str, str]
    preload: list[str]  # the shell's modules every page loads at once (URLs)


def shell_sources() -> dict[str, bytes]:
    """The shell's modules as written: path under ``shell/static/shell`` -> bytes."""
    return {
        file.relative_to(SHELL_STATIC).as_posix(): file.read_bytes()
        for file in sorted(SHELL_STATIC.rglob("*.js"))
        if SHELL_BUILD not in file.parents and not file.relative_to(SHELL_STATIC).parts[0][0] == "."
    }


def sources_digest(files: dict[str, bytes]) -> str:
    sha = hashlib.sha256()
    for path in sorted(files):
        sha.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return sha.hexdigest()


def build_shell() -> bool | None:
    """Bundle the shell's modules into ``build/`` unless it already matches the sources: the
    platform (``@bazaar/platform``, what apps import), the root config and the on-demand pages
    are the entry points, shared code goes to chunks. Returns whether it built (None: esbuild
    is not installed)."""
    files = shell_sources()
    digest = sources_digest(files)
    if shell_build_record(files) is not None:
        return False
    entries = [p for p in files if p in SHELL_MODULES.values() or p in ON_DEMAND]
    result = bundler.build(files, entries, outbase=".")
    if result is None:
        return None
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=SHELL_STATIC))
    try:
        for path, content in result.files.items():
            destination = staging / path.removeprefix("build/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
        record = {"digest": digest, **result.as_record(), "externals": result.externals}
        (staging / BUILD_RECORD).write_text(json.dumps(record, indent=1, sort_keys=True))
        old = SHELL_STATIC / f".build-old-{os.getpid()}"
        if SHELL_BUILD.exists():
            os.rename(SHELL_BUILD, old)
        os.rename(staging, SHELL_BUILD)  # whole; processes started before keep old hashes
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def shell_build_record(files: dict[str, bytes] | None = None) -> dict | None:
    """The build of the shell's modules, if there is one and it matches the sources."""
    try:
        record = json.loads((SHELL_BUILD / BUILD_RECORD).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if record.get("digest") != sources_digest(files if files is not None else shell_sources()):
        return None
    return record


def _shell_modules() -> tuple[dict[str, str], list[str], list[str]]:
    """The shell's entries in the import map, the files pages may load, and what every page
    preloads, all as paths under ``shell/static/shell``: built if the build is current."""
    record = shell_build_record()
    if record is None:
        if SHELL_BUILD.exists():
            log.warning("the shell's build is older than its sources: run `manage.py build_shell`")
        files = list(shell_sources())
        imports = {**SHELL_MODULES, PLATFORM_SCOPE: "platform/"}
        return imports, files, [p for p in files if p not in ON_DEMAND]
    entries = record["entries"]

    def resolve(specifier: str) -> str | None:
        if specifier in SHELL_MODULES:
            return entries[SHELL_MODULES[specifier]]
        if specifier.startswith(PLATFORM_SCOPE):
            return entries.get("platform/" + specifier.removeprefix(PLATFORM_SCOPE))
        return None

    preload = bundler.static_closure(record, entries[SHELL_MODULES["@bazaar/root-config"]], resolve)
    # Built, the platform is one module: its files are not importable one by one (a second
    # copy of one would have state of its own).
    imports = {specifier: entries[path] for specifier, path in SHELL_MODULES.items()}
    return imports, sorted(record["imports"]), preload


@functools.cache
def shared_npm_modules() -> dict[str, tuple[str, str]]:
    """package.json's ``bazaar.shared``: specifier -> (npm package, file inside it)."""
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    return {
        specifier: _package_file(path) for specifier, path in package["bazaar"]["shared"].items()
    }


@functools.cache
def shared_modules() -> SharedModules:
    from shell.registry.integrity import sri

    imports: dict[str, str] = {}
    integrity: dict[str, str] = {}
    for specifier, (package_name, file_path) in shared_npm_modules().items():
        file = settings.NODE_MODULES / package_name / file_path
        if not file.is_file():
            raise RuntimeError(f"{file} is missing: run `make dev` (npm ci) first")
        url = vendor_url(package_name, file_path)
        imports[specifier] = url
        integrity[url] = sri(file.read_bytes())
    shell_url = f"{settings.STATIC_URL}shell/"
    shell_imports, files, preload = _shell_modules()
    imports.update({specifier: shell_url + path for specifier, path in shell_imports.items()})
    for path in files:
        integrity[shell_url + path] = sri((SHELL_STATIC / path).read_bytes())
    return SharedModules(
        imports=imports, integrity=integrity, preload=[shell_url + p for p in preload]
    )


@functools.cache
def npm_version(package_name: str) -> str:
    meta = settings.NODE_MODULES / package_name / "package.json"
    return json.loads(meta.read_text())["version"]


def reserved_specifiers() -> set[str]:
    """Specifiers of the shared modules (and their folders), which no app may claim."""
    return {*shared_npm_modules(), *SHELL_MODULES, PLATFORM_SCOPE}


@functools.cache
def service_worker_packages() -> tuple[str, ...]:
    """package.json's ``bazaar.serviceWorker``: the Workbox packages the service worker loads."""
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    return tuple(package["bazaar"]["serviceWorker"])


def vendor_url(package_name: str, file_path: str) -> str:
    """The versioned (immutable) URL of a file inside an installed npm package."""
    return f"{settings.STATIC_URL}vendor/{package_name}@{npm_version(package_name)}/{file_path}"


@functools.cache
def dev_tools_script() -> tuple[str, str]:
    """package.json's ``bazaar.devtools``: import-map-overrides' script (its browser UI), which
    pages load where dev overrides are on. Its URL and SRI hash."""
    from shell.registry.integrity import sri

    package_name, file_path = _devtools_file()
    file = settings.NODE_MODULES / package_name / file_path
    return vendor_url(package_name, file_path), sri(file.read_bytes())


def _devtools_file() -> tuple[str, str]:
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    return _package_file(package["bazaar"]["devtools"])


@functools.cache
def served_libraries() -> dict[str, tuple[str, str]]:
    """package.json's ``bazaar.libraries``: library -> (npm package, file inside it), which the
    shop serves itself and ``manage.py publish_library`` publishes as a shared library."""
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    return {
        name: _package_file(path) for name, path in package["bazaar"].get("libraries", {}).items()
    }


def _package_file(path: str) -> tuple[str, str]:
    """ "@scope/name/file" or "name/file" -> (npm package, file inside it)."""
    count = 2 if path.startswith("@") else 1
    parts = path.split("/")
    return "/".join(parts[:count]), "/".join(parts[count:])


def served_npm_packages() -> set[str]:
    """The only npm packages served under /static/vendor/: the import map's shared ones, the
    service worker's, the dev tools' and the shared libraries the shop serves itself."""
    return (
        {package for package, _ in shared_npm_modules().values()}
        | set(service_worker_packages())
        | {_devtools_file()[0]}
        | {package for package, _ in served_libraries().values()}
    )
