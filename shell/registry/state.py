"""What a revision holds (each app's release and canaries) and the route rules over it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from shell.registry.bundles import check_platform_paths, check_reserved
from shell.registry.manifest import Manifest, ManifestError, Route, routes_clash
from shell.registry.models import App, Release, Revision, SharedLibrary
from shell.registry.sharing import share


def current_revision() -> Revision | None:
    return Revision.objects.order_by("-number").first()


@dataclass
class RegistryState:
    """What a revision holds: each app's release, and the canaries (app -> release, percent)
    that part of the visitors get instead."""

    releases: dict[str, Release]
    canaries: dict[str, tuple[Release, int]]
    # The shared libraries' versions live: (name, version) -> library.
    libraries: dict[tuple[str, str], SharedLibrary] = field(default_factory=dict)

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
            libraries={(lib.name, lib.version): lib for lib in revision.libraries.all()},
        )

    def copy(self) -> RegistryState:
        return RegistryState(dict(self.releases), dict(self.canaries), dict(self.libraries))

    def changed_apps(self, other: RegistryState) -> set[str]:
        """The apps whose release or canary differ between this state and ``other``, and the
        shared libraries whose published versions do."""

        def entry(state: RegistryState, name: str) -> tuple:
            release = state.releases.get(name)
            canary = state.canaries.get(name)
            return (
                release.pk if release else None,
                (canary[0].pk, canary[1]) if canary else None,
            )

        names = {*self.releases, *self.canaries, *other.releases, *other.canaries}
        changed = {name for name in names if entry(self, name) != entry(other, name)}
        # A shared library counts as one under its name: only a token for it may change it.
        return changed | {name for name, _ in set(self.libraries) ^ set(other.libraries)}

    def key(self) -> tuple:
        return (
            sorted((n, r.pk) for n, r in self.releases.items()),
            sorted((n, r.pk, p) for n, (r, p) in self.canaries.items()),
            sorted(lib.pk for lib in self.libraries.values()),
        )

    def needs(self) -> dict[str, dict[str, str]]:
        """What each release (canaries too) declares it shares: name -> {library: range}."""
        needs = {name: r.manifest.get("shared", {}) for name, r in self.releases.items()}
        for name, (release, _) in self.canaries.items():
            needs[f"{name} (canary {release.version})"] = release.manifest.get("shared", {})
        return {name: wanted for name, wanted in needs.items() if wanted}

    def check_shared(self) -> None:
        """Every release (canaries too) gets a version of each library it shares."""
        share(self.needs(), self.libraries.values())

    def check_routes(self) -> None:
        """No route clashes for anyone. Buckets are shared, so a visitor in a canary at N% is
        in every canary at more than N% too: the sets visitors can get are the releases with
        the widest canary, the two widest, and so on."""
        releases = dict(self.releases)
        check_route_clashes(routes_of(releases))
        widest_first = sorted(self.canaries.items(), key=lambda item: -item[1][1])
        for name, (release, _) in widest_first:
            releases[name] = release
            check_route_clashes(routes_of(releases))


def check_new_app(manifest: Manifest, *, on_disk: list[Manifest] = ()) -> None:
    """Whether an app could be added as ``manifest`` says: a name no app of the registry (or
    ``on_disk``) has, and routes clashing with no live app, canary, app on disk or platform
    path. Raises ManifestError. A registry not migrated yet holds no apps."""
    from django.db import connection

    check_platform_paths(manifest)
    check_reserved(manifest)
    taken = [m.name for m in on_disk if m.slug == manifest.slug]
    apps: list[AppRoutes] = [(m.name, list(m.routes)) for m in on_disk]
    if App._meta.db_table in connection.introspection.table_names():
        taken += App.objects.filter(slug=manifest.slug).values_list("name", flat=True)
        state = RegistryState.of(current_revision())
        releases = [*state.releases.values(), *(r for r, _ in state.canaries.values())]
        apps += [stored_routes(r.manifest) for r in releases]
    if taken:
        raise ManifestError(f"name: {manifest.slug!r} is taken by {taken[0]}")
    others = {}
    for name, routes in apps:  # each app's routes once (live, canary and disk may repeat)
        others.setdefault(name, []).extend(routes)
    for name, routes in others.items():
        check_route_clashes([(name, routes), (manifest.name, list(manifest.routes))])


AppRoutes = tuple[str, list[Route]]  # an app's name and its routes


def stored_routes(manifest: dict) -> AppRoutes:
    """The routes of a stored release as they were validated then: not validated again, so
    a rule tightened since never makes the registry unusable."""
    routes = [Route.model_construct(**route) for route in manifest.get("routes", [])]
    return manifest["name"], routes


def routes_of(releases: dict[str, Release]) -> list[AppRoutes]:
    return [stored_routes(r.manifest) for r in releases.values()]


def check_route_clashes(apps: list[AppRoutes]) -> None:
    for i, (a, a_routes) in enumerate(apps):
        for b, b_routes in apps[i + 1 :]:
            for ra in a_routes:
                for rb in b_routes:
                    if routes_clash(ra, rb):
                        raise ManifestError(
                            f"routes: {a} route {ra.path!r} clashes with {b} route {rb.path!r}"
                        )


def lock_registry() -> None:
    """Replicas writing revisions at once take turns: on PostgreSQL a transaction-scoped
    advisory lock (SQLite's IMMEDIATE transactions already let one writer in at a time), so
    each deploy reads the head the previous one wrote instead of failing on its number."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_LOCK])


REGISTRY_LOCK = 0x62617A61  # "baza": the registry's advisory lock key
