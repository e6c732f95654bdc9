"""Modules every micro-app shares through the import map: the shell's own and npm's.

npm packages come from ``node_modules`` (installed at set-up from package.json, never
committed) and are served under a versioned URL, so they can be cached forever. The shell's
own modules (``@bazaar/platform``, the root config) are served from ``shell/static/shell``.
Both are hashed once per process: their bytes cannot change while it runs.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SHELL_STATIC = Path(__file__).resolve().parent / "static" / "shell"
SHELL_MODULES = {
    "@bazaar/platform": "platform/index.js",
    "@bazaar/root-config": "root-config.js",
}


@dataclass(frozen=True)
class SharedModules:
    imports: dict[str, str]
    integrity: dict[str, str]


@functools.cache
def shared_npm_modules() -> dict[str, tuple[str, str]]:
    """package.json's ``bazaar.shared``: specifier -> (npm package, file inside it)."""
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    modules = {}
    for specifier, path in package["bazaar"]["shared"].items():
        count = 2 if path.startswith("@") else 1  # "@scope/name/file" or "name/file"
        parts = path.split("/")
        modules[specifier] = ("/".join(parts[:count]), "/".join(parts[count:]))
    return modules


@functools.cache
def shared_modules() -> SharedModules:
    from shell.services import sri

    imports: dict[str, str] = {}
    integrity: dict[str, str] = {}
    for specifier, (package_name, file_path) in shared_npm_modules().items():
        file = settings.NODE_MODULES / package_name / file_path
        if not file.is_file():
            raise RuntimeError(f"{file} is missing: run `make dev` (npm ci) first")
        url = vendor_url(package_name, file_path)
        imports[specifier] = url
        integrity[url] = sri(file.read_bytes())
    for specifier, path in SHELL_MODULES.items():
        imports[specifier] = f"{settings.STATIC_URL}shell/{path}"
    imports["@bazaar/platform/"] = f"{settings.STATIC_URL}shell/platform/"
    for file in sorted(SHELL_STATIC.rglob("*.js")):
        url = f"{settings.STATIC_URL}shell/{file.relative_to(SHELL_STATIC).as_posix()}"
        integrity[url] = sri(file.read_bytes())
    return SharedModules(imports=imports, integrity=integrity)


@functools.cache
def npm_version(package_name: str) -> str:
    meta = settings.NODE_MODULES / package_name / "package.json"
    return json.loads(meta.read_text())["version"]


def reserved_specifiers() -> set[str]:
    """Specifiers of the shared modules (and their folders), which no app may claim."""
    return {*shared_npm_modules(), *SHELL_MODULES, "@bazaar/platform/"}


@functools.cache
def service_worker_packages() -> tuple[str, ...]:
    """package.json's ``bazaar.serviceWorker``: the Workbox packages the service worker loads."""
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    return tuple(package["bazaar"]["serviceWorker"])


def vendor_url(package_name: str, file_path: str) -> str:
    """The versioned (immutable) URL of a file inside an installed npm package."""
    return f"{settings.STATIC_URL}vendor/{package_name}@{npm_version(package_name)}/{file_path}"


def served_npm_packages() -> set[str]:
    """The only npm packages served under /static/vendor/: the import map's shared ones and
    the service worker's."""
    return {package for package, _ in shared_npm_modules().values()} | set(
        service_worker_packages()
    )
