"""Offline support served by the shell: the service worker at ``/sw.js`` and the web app
manifest at ``/manifest.webmanifest``.

The worker's script is generated per registry revision: it carries the precache list (the
shell's assets and every module of that revision's import map, each under its hash), so a new
revision is a new worker. The browser installs it next to the old one, precaches the new
modules, and activates it once no tab uses the old one; Workbox then drops what the new list
no longer names. The worker's own logic is ``worker.js`` beside this file, with Workbox loaded
from the shop's npm packages (a service worker cannot use the import map).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from shell.page.canary import bucket_of
from shell.page.static_files import is_versioned
from shell.registry.bundles import platform_paths
from shell.registry.selectors import PageConfig, canaries_for, current_revision_key, page_config
from shell.registry.shared_modules import SHELL_STATIC, service_worker_packages, vendor_url

WORKER_SOURCE = Path(__file__).resolve().parent / "worker.js"
SHELL_ASSETS = ("shell.css", "logo.svg")  # besides the shell's modules, which the map names
THEME_COLOR = "#0f766e"  # shell.css --bz-accent
BACKGROUND_COLOR = "#f7f5f2"  # shell.css --bz-bg


def precache_entries(config: PageConfig) -> list[dict]:
    """Workbox precache entries: versioned URLs need no revision (the URL changes with the
    bytes); the shell's own files, served under fixed URLs, carry their hash as revision."""
    entries = []
    for url, digest in sorted(config.offline_files.items()):
        entry = {"url": url, "revision": None if is_versioned(url) else digest}
        if url.endswith((".js", ".mjs")):
            entry["integrity"] = digest
        entries.append(entry)
    for name in SHELL_ASSETS:
        digest = hashlib.sha256((SHELL_STATIC / name).read_bytes()).hexdigest()[:16]
        entries.append({"url": f"/static/shell/{name}", "revision": digest})
    return entries


def workbox_modules() -> dict[str, str]:
    """Where the worker loads workbox-sw from, and each Workbox module by its package name
    (what workbox-sw's ``modulePathCb`` is asked for)."""
    return {
        package: vendor_url(
            package, f"build/{package}{'' if package == 'workbox-sw' else '.prod'}.js"
        )
        for package in service_worker_packages()
    }


@functools.lru_cache(maxsize=16)
def _script(number: int, created_at: float, canaries: frozenset[str]) -> str:
    config = page_config(number, created_at, canaries)
    settings_json = json.dumps(
        {
            "revision": number,
            "precache": precache_entries(config),
            "workbox": workbox_modules(),
            # Navigations the worker leaves to the network: what the platform serves itself.
            "platformPaths": sorted(platform_paths() - {"outbox", "overrides"}),
        },
        indent=1,
    )
    return (
        f"// Bazaar's service worker for registry revision {number} (made by shell/offline).\n"
        f"const BAZAAR = {settings_json};\n"
        f"{WORKER_SOURCE.read_text()}"
    )


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    number, created_at = current_revision_key()
    # A visitor in a canary precaches the canary's modules (the worker is per revision and
    # canary group, like the pages).
    canaries = canaries_for(number, created_at, bucket_of(request))
    response = HttpResponse(_script(number, created_at, canaries), content_type="text/javascript")
    # The browser checks for a new worker on every navigation: never from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    response["X-Bazaar-Revision"] = str(number)
    return response


@require_safe
def web_manifest(request: HttpRequest) -> JsonResponse:
    """What makes the shop installable as an app."""
    manifest = {
        "name": "Bazaar — everyday goods, delivered",
        "short_name": "Bazaar",
        "description": "Everyday goods from independent makers; works offline.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": "/static/shell/logo.svg", "sizes": "any", "type": "image/svg+xml"},
            {
                "src": "/static/shell/logo.svg",
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response
