"""Registry reads: the current revision and what the shell page needs from it.

``page_config`` is computed once per revision and kept for the life of the process:
revisions are immutable, so a cached one can never be stale, and every shell replica only
has to look up which revision is current (one indexed query) per request.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html_join

from shell.manifest import route_matches
from shell.models import Release, Revision
from shell.shared_modules import shared_modules

PRELOADED = ("single-spa", "@bazaar/platform", "htm/preact", "idb")
SHELL_MODULES_URL = f"{settings.STATIC_URL}shell/"
ON_DEMAND = ("/outbox-page.js",)  # shell modules only one route loads


@dataclass(frozen=True)
class PageConfig:
    revision: int
    importmap: dict
    apps: list[dict]
    mount_points: dict[str, list[dict]]
    # Every file a page of this revision may load (URL -> hash): what the service worker
    # precaches so that the shop opens offline.
    offline_files: dict[str, str]
    # Each app's modules (URLs), to preload the whole graph of the app a route opens.
    app_modules: dict[str, list[str]]

    @functools.cached_property
    def importmap_json(self) -> str:
        return inline_json(self.importmap)

    @functools.cached_property
    def config_json(self) -> str:
        return inline_json(
            {
                "revision": self.revision,
                "apps": self.apps,
                "mountPoints": self.mount_points,
                "timeoutMs": settings.BAZAAR_APP_TIMEOUT_MS,
            }
        )

    @functools.cached_property
    def shell_preloads(self) -> list[str]:
        """Modules every page needs: the shared ones and the shell's own."""
        imports = self.importmap["imports"]
        shared = [imports[s] for s in PRELOADED if s in imports]
        own = [
            url
            for url in self.importmap["integrity"]
            if url.startswith(SHELL_MODULES_URL) and not url.endswith(ON_DEMAND)
        ]
        return shared + [url for url in own if url not in shared]

    @functools.cached_property
    def preloads_by_app(self) -> dict[str | None, list[dict]]:
        """``<link rel=modulepreload>`` entries per app owning the route (None: no app): the
        shell's modules and every module of that app, so the browser fetches the whole graph
        at once instead of discovering it import by import. With their hashes: a preload
        without one would not be reused under the import map's integrity."""
        integrity = self.importmap["integrity"]

        def entries(urls):
            return [{"url": url, "integrity": integrity.get(url, "")} for url in urls]

        preloads = {None: entries(self.shell_preloads)}
        for name, urls in self.app_modules.items():
            preloads[name] = entries([*self.shell_preloads, *urls])
        return preloads

    @functools.cached_property
    def preload_links(self) -> dict[str | None, str]:
        """The ``<link rel=modulepreload>`` tags per app, rendered once per revision."""
        return {
            app: format_html_join(
                "\n  ",
                '<link rel="modulepreload" href="{}" integrity="{}">',
                ((p["url"], p["integrity"]) for p in preloads),
            )
            for app, preloads in self.preloads_by_app.items()
        }

    def preloads(self, owner: dict | None) -> str:
        name = owner["name"] if owner else None
        return self.preload_links.get(name, self.preload_links[None])

    def owner(self, pathname: str) -> dict | None:
        """The app that owns ``pathname`` (None: the shell answers 404)."""
        return next(
            (app for app in self.apps if any(route_matches(r, pathname) for r in app["routes"])),
            None,
        )

    def visible_links(self, slot: str, *, signed_in: bool, roles: set[str]) -> list[dict]:
        return [
            item
            for item in self.mount_points.get(slot, [])
            if item.get("href") and item_visible(item, signed_in=signed_in, roles=roles)
        ]


def item_visible(item: dict, *, signed_in: bool, roles: set[str]) -> bool:
    if item.get("signedIn") is not None and item["signedIn"] != signed_in:
        return False
    return has_any_role(item.get("roles") or [], roles)


def has_any_role(required: list[str], roles: set[str]) -> bool:
    """No roles required, or the user holds one of them."""
    return not required or bool(roles & set(required))


# What may not appear raw inside <script>: the same escapes as Django's json_script.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def inline_json(data) -> str:
    """JSON that is safe to place inside a ``<script>`` element (and still equal JSON)."""
    return json.dumps(data, indent=1, sort_keys=True).translate(_SCRIPT_SAFE)


def current_revision_key() -> tuple[int, float]:
    """(number, creation time) of the current revision: numbers alone could be reused if the
    registry database were recreated under a running replica."""
    row = Revision.objects.order_by("-number").values_list("number", "created_at").first()
    return (row[0], row[1].timestamp()) if row else (0, 0.0)


def current_page_config() -> PageConfig:
    return page_config(*current_revision_key())


@functools.lru_cache(maxsize=64)
def page_config(number: int, created_at: float = 0.0) -> PageConfig:
    shared = shared_modules()
    imports = dict(shared.imports)
    integrity = dict(shared.integrity)
    offline_files = dict(shared.integrity)
    app_modules: dict[str, list[str]] = {}
    apps: list[dict] = []
    mount_points: dict[str, list[dict]] = {}
    revision = Revision.objects.filter(number=number).first()
    releases = revision.releases.select_related("app").order_by("app__name") if revision else []
    for release in releases:
        manifest = release.manifest
        base = release.base_url
        imports[manifest["name"]] = base + manifest["entry"]
        imports[manifest["name"] + "/"] = base
        for specifier, path in manifest["imports"].items():
            imports[specifier] = base + path
        integrity.update(
            {
                base + path: digest
                for path, digest in release.integrity.items()
                if path.endswith((".js", ".mjs"))
            }
        )
        offline_files.update({base + path: d for path, d in release.integrity.items()})
        app_modules[manifest["name"]] = sorted(
            base + path for path in release.integrity if path.endswith((".js", ".mjs"))
        )
        apps.append(_app_entry(release))
        for slot, items in manifest["mountPoints"].items():
            for item in items:
                entry = {**item, "app": manifest["name"]}
                if item.get("module"):
                    entry["module"] = base + item["module"]
                mount_points.setdefault(slot, []).append(entry)
    for items in mount_points.values():
        items.sort(key=lambda item: (item["order"], item["app"]))
    return PageConfig(
        revision=number,
        importmap={"imports": imports, "integrity": integrity},
        apps=apps,
        mount_points=mount_points,
        offline_files=offline_files,
        app_modules=app_modules,
    )


def _app_entry(release: Release) -> dict:
    manifest = release.manifest
    return {
        "name": manifest["name"],
        "slug": release.app.slug,
        "version": manifest["version"],
        "routes": manifest["routes"],
        "auth": manifest["auth"],
        "bff": manifest["bff"],
        "config": manifest["config"],
    }


def revision_summary(revision: Revision) -> dict:
    return {
        "number": revision.number,
        "action": revision.action,
        "message": revision.message,
        "created_by": revision.created_by,
        "created_at": revision.created_at,
        "releases": {r.app.name: r.version for r in revision.releases.select_related("app")},
    }
