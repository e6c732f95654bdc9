"""Registry reads: the current revision and what the shell page needs from it.

``page_config`` is computed once per revision and kept for the life of the process:
revisions are immutable, so a cached one can never be stale, and every shell replica only
has to look up which revision is current (one indexed query) per request.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from shell.registry.bundler import BUILD_DIR, static_closure
from shell.registry.manifest import (
    SHELL_MOUNT_POINTS,
    is_external,
    route_matches,
    route_segments,
)
from shell.registry.models import Canary, Release, Revision
from shell.registry.shared_modules import shared_modules
from shell.registry.sharing import Sharing, share
from shell.registry.state import RegistryState

PRELOADED = ("single-spa", "@bazaar/platform", "htm/preact", "idb")
# The shell's slots below the fold: their parcels mount once the first view is shown.
DEFERRED_MOUNT_POINTS = ("footer",)
PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+", re.ASCII)


def _fill(url: str, values: dict[str, str]) -> str:
    path, question, query = url.partition("?")
    path = "/".join(values.get(part, part) for part in path.split("/"))
    return path + question + query


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
    # The modules of the mount points' parcels, which every page shows to whom they are for:
    # (signedIn as the item says: True, False or None for everyone; its modules' URLs).
    parcel_modules: list[tuple[bool | None, tuple[str, ...]]]
    # Each app's declared data preloads: (the page path's segments, the BFF URL to read).
    data_preloads: dict[str, list[tuple[tuple[str, ...], str]]] = dataclasses.field(
        default_factory=dict
    )

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
                "deferredMountPoints": list(DEFERRED_MOUNT_POINTS),
                # The share of the shopper's actions whose traces are kept (bazaar/tracing.py).
                "traceSample": settings.BAZAAR_TRACE_SAMPLE if settings.BAZAAR_TRACING else 0,
                "traceUrl": settings.BAZAAR_TRACE_URL,
                "rum": settings.BAZAAR_RUM,  # report vitals, app timings and errors to /rum
                "dev": settings.DEV,  # a dev environment: the developer view may be opened
                "devOverrides": settings.BAZAAR_DEV_OVERRIDES,
            }
        )

    @functools.cached_property
    def shell_preloads(self) -> list[str]:
        """Modules every page needs: the shared ones and the shell's own."""
        imports = self.importmap["imports"]
        shared = [imports[s] for s in PRELOADED if s in imports]
        return list(dict.fromkeys([*shared, *shared_modules().preload]))

    def preload_urls(self, app: str | None, *, signed_in: bool) -> list[str]:
        """What a page preloads: the shell's modules, the graph of the app owning the route
        (None: no app) and of the parcels shown to this visitor (items for some roles only are
        left to load on demand), so the browser fetches it all at once instead of discovering
        it import by import."""
        parcels = [
            url
            for shown_to, urls in self.parcel_modules
            if shown_to is None or shown_to == signed_in
            for url in urls
        ]
        own = self.app_modules.get(app, []) if app else []
        return list(dict.fromkeys([*self.shell_preloads, *own, *parcels]))

    @functools.cached_property
    def _preload_links(self) -> dict[tuple[str | None, bool], str]:
        """The ``<link rel=modulepreload>`` tags per owning app and signed-in state, rendered
        once per revision. With their hashes: a preload without one would not be reused under
        the import map's integrity."""
        integrity = self.importmap["integrity"]
        return {
            (app, signed_in): format_html_join(
                "\n  ",
                '<link rel="modulepreload" href="{}" integrity="{}">',
                (
                    (url, integrity.get(url, ""))
                    for url in self.preload_urls(app, signed_in=signed_in)
                ),
            )
            for app in [None, *self.app_modules]
            for signed_in in (False, True)
        }

    def preloads(self, owner: dict | None, *, signed_in: bool) -> str:
        return self._preload_links[(owner["name"] if owner else None, signed_in)]

    def data_preloads_for(self, owner: dict | None, pathname: str) -> str:
        """``<link rel=preload as=fetch>`` for the reads the owning app declared for this
        path, placed before the modules so that the answers arrive while they load."""
        if owner is None:
            return mark_safe("")
        have = route_segments(pathname)
        urls = []
        for want, url in self.data_preloads.get(owner["name"], []):
            if len(want) != len(have):
                continue
            values = {}
            for w, h in zip(want, have, strict=True):
                if w.startswith(":"):
                    values[w] = h
                elif w != h:
                    break
            else:
                # A value the browser's URL parser would spell differently is not preloaded
                # (the app's own request would not be the same URL).
                if all(PLAIN_SEGMENT.fullmatch(v) for v in values.values()):
                    urls.append(_fill(url, values))
        return format_html_join(
            "\n  ", '<link rel="preload" as="fetch" crossorigin href="{}">', ((u,) for u in urls)
        )

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


def current_page_config(bucket: int | None = None) -> PageConfig:
    """The current revision as a visitor in ``bucket`` gets it (None: without canaries)."""
    number, created_at = current_revision_key()
    return page_config(number, created_at, canaries_for(number, created_at, bucket))


@functools.lru_cache(maxsize=64)
def revision_canaries(number: int, created_at: float = 0.0) -> tuple[tuple[str, str, int], ...]:
    """(app, version, percent) of each canary of a revision."""
    rows = Canary.objects.filter(revision__number=number).values_list(
        "release__app__name", "release__version", "percent"
    )
    return tuple(sorted(rows))


def canaries_for(number: int, created_at: float, bucket: int | None) -> frozenset[str]:
    """The apps whose canary a visitor in ``bucket`` gets: those at more percent than it."""
    if bucket is None:
        return frozenset()
    return frozenset(
        app for app, _, percent in revision_canaries(number, created_at) if bucket < percent
    )


@functools.lru_cache(maxsize=64)
def page_config(
    number: int, created_at: float = 0.0, canaries: frozenset[str] = frozenset()
) -> PageConfig:
    shared = shared_modules()
    imports = dict(shared.imports)
    integrity = dict(shared.integrity)
    offline_files = dict(shared.integrity)
    app_modules: dict[str, list[str]] = {}
    data_preloads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    parcel_modules: list[str] = []
    apps: list[dict] = []
    mount_points: dict[str, list[dict]] = {}
    revision = Revision.objects.filter(number=number).first()
    chosen = {r.app.name: r for r in revision.releases.select_related("app")} if revision else {}
    if revision and canaries:
        for canary in revision.canaries.select_related("release__app"):
            if canary.release.app.name in canaries:
                chosen[canary.release.app.name] = canary.release
    libraries = list(revision.libraries.all()) if revision else []
    sharing = share({n: r.manifest.get("shared", {}) for n, r in chosen.items()}, libraries)
    for name, library in sharing.top.items():
        imports[name] = library.url
    scopes: dict[str, dict[str, str]] = {}
    for library in libraries:
        integrity[library.url] = library.integrity
        offline_files[library.url] = library.integrity
    for _, release in sorted(chosen.items()):
        manifest = release.manifest
        modules = ReleaseModules(release)
        imports[manifest["name"]] = modules.url(manifest["entry"])
        imports[manifest["name"] + "/"] = modules.folder(manifest["entry"])
        for specifier, path in manifest["imports"].items():
            imports[specifier] = modules.url(path)
        integrity.update(modules.loaded)
        offline_files.update(modules.offline)
        shared = sharing.chosen.get(manifest["name"], {})
        # A version other than the one `imports` names reaches the app's modules by scope.
        if other := {n: lib.url for n, lib in shared.items() if sharing.top[n] != lib}:
            scopes[modules.folder(manifest["entry"])] = other
        app_modules[manifest["name"]] = [
            *modules.graph(manifest["entry"]),
            *(lib.url for lib in shared.values()),
        ]
        apps.append(_app_entry(release))
        if manifest.get("preload") and manifest["bff"]:  # releases made before it: none
            data_preloads[manifest["name"]] = [
                (tuple(route_segments(item["path"])), manifest["bff"].rstrip("/") + item["get"])
                for item in manifest["preload"]
            ]
        for slot, items in manifest["mountPoints"].items():
            for item in items:
                entry = {**item, "app": manifest["name"]}
                if item.get("module"):
                    entry["module"] = modules.url(item["module"])
                    # Parcels of the shell's own slots are preloaded, but for those below the
                    # fold (mounted after the first view); those of slots an app offers in its
                    # views load when that view shows.
                    if (
                        slot in SHELL_MOUNT_POINTS
                        and slot not in DEFERRED_MOUNT_POINTS
                        and not item.get("roles")
                    ):
                        libs = (lib.url for lib in shared.values())
                        graph = (*modules.graph(item["module"]), *libs)
                        parcel_modules.append((item.get("signedIn"), graph))
                mount_points.setdefault(slot, []).append(entry)
    for items in mount_points.values():
        items.sort(key=lambda item: (item["order"], item["app"]))
    return PageConfig(
        revision=number,
        importmap={"imports": imports, "integrity": integrity}
        | ({"scopes": dict(sorted(scopes.items()))} if scopes else {}),
        apps=apps,
        mount_points=mount_points,
        offline_files=offline_files,
        app_modules=app_modules,
        parcel_modules=parcel_modules,
        data_preloads=data_preloads,
    )


MODULE_SUFFIXES = (".js", ".mjs")


class ReleaseModules:
    """Which of a release's modules a page loads, by URL. A version bundled at deploy is
    loaded from its ``build/`` modules (its sources stay published, for source maps); one
    published unbundled from its sources; a module hosted elsewhere from its URL."""

    def __init__(self, release: Release):
        self.base = release.base_url
        self.build = release.build or {}
        self.entries: dict[str, str] = self.build.get("entries", {})
        self.files = files = {p: d for p, d in release.integrity.items() if not is_external(p)}
        elsewhere = {url: d for url, d in release.integrity.items() if is_external(url)}
        if self.entries:
            loaded = [p for p in files if p.startswith(BUILD_DIR + "/") and _module(p)]
        else:
            loaded = [p for p in files if _module(p)]
        self.loaded = {self.base + p: files[p] for p in loaded} | elsewhere
        # What the service worker precaches: the modules pages load and the other assets
        # (images…), not the sources a build replaced nor source maps.
        self.offline = self.loaded | {
            self.base + p: d for p, d in files.items() if not (_module(p) or p.endswith(".map"))
        }

    def folder(self, entry: str) -> str:
        """What the app's trailing-slash specifier (``@scope/name/``) maps to: its published
        folder, or, for an app that publishes nothing but an entry hosted elsewhere, the
        folder of that entry's URL (as import-map-deployer maps it)."""
        if is_external(entry) and not self.files:
            return entry.rsplit("/", 1)[0] + "/"
        return self.base

    def url(self, source: str) -> str:
        """The URL a page loads for the module written as ``source``."""
        return source if is_external(source) else self.base + self.entries.get(source, source)

    def graph(self, source: str) -> list[str]:
        """What loading ``source`` fetches at once: the built module and the chunks it imports
        statically; unbundled, every module of the release (its graph is not known)."""
        if is_external(source):
            return [source]
        if source in self.entries:
            return [self.base + p for p in static_closure(self.build, self.entries[source])]
        return sorted(url for url in self.loaded if not is_external(url))


def _module(path: str) -> bool:
    return path.endswith(MODULE_SUFFIXES)


def _app_entry(release: Release) -> dict:
    manifest = release.manifest
    return {
        "name": manifest["name"],
        "slug": release.app.slug,
        "version": manifest["version"],
        "routes": manifest["routes"],
        "auth": manifest["auth"],
        "isolation": manifest.get("isolation", "shadow"),  # releases made before it existed
        "bff": manifest["bff"],
        "config": manifest["config"],
    }


def sharing_of(revision: Revision) -> Sharing:
    """Which version of each shared library every app of ``revision`` gets (its canaries as
    "name (canary version)")."""
    state = RegistryState.of(revision)
    return share(state.needs(), state.libraries.values())


def revision_summary(revision: Revision) -> dict:
    libraries: dict[str, list[str]] = {}
    for library in revision.libraries.order_by("name", "created_at"):
        libraries.setdefault(library.name, []).append(library.version)
    return {
        "libraries": libraries,
        "number": revision.number,
        "action": revision.action,
        "message": revision.message,
        "created_by": revision.created_by,
        "created_at": revision.created_at,
        "releases": {r.app.name: r.version for r in revision.releases.select_related("app")},
        "canaries": {
            c.release.app.name: {"version": c.release.version, "percent": c.percent}
            for c in revision.canaries.select_related("release__app")
        },
    }
