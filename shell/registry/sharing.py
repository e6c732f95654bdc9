"""Shared libraries: which published version of each library every app gets.

An app declares the libraries it imports from the import map with npm semver ranges
(``"shared": {"vue": "^3.4"}``); a revision holds the versions published. Each library is
loaded as few times as the ranges allow: the version that satisfies the most apps is chosen
first (the highest among equals), then the same for the apps left, so apps whose ranges meet
share one copy, and only incompatible ranges (a major apart) get another. The version most apps
get is the import map's ``imports`` entry (apps that declare nothing import it too, as with
import-map-deployer); the others reach their apps through ``scopes`` keyed by the app's folder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import semantic_version

from shell.registry.manifest import ManifestError, semver_range
from shell.registry.models import SharedLibrary


@dataclass(frozen=True)
class Sharing:
    chosen: dict[str, dict[str, SharedLibrary]]  # app -> library name -> the version it gets
    top: dict[str, SharedLibrary]  # library name -> the version `imports` names

    def users(self, library: SharedLibrary) -> list[str]:
        """The apps that get ``library`` (this version)."""
        return sorted(app for app, libs in self.chosen.items() if libs.get(library.name) == library)


def _version(library: SharedLibrary) -> semantic_version.Version:
    return semantic_version.Version(library.version)


def share(needs: dict[str, dict[str, str]], libraries) -> Sharing:
    """The versions each app of ``needs`` (app -> {library: range}) gets among ``libraries``.
    Raises ``ManifestError`` naming every range no published version satisfies."""
    versions: dict[str, list[SharedLibrary]] = defaultdict(list)
    for library in libraries:
        versions[library.name].append(library)
    for published in versions.values():
        published.sort(key=_version, reverse=True)
    problems = [
        _unmet(app, name, spec, versions.get(name, []))
        for app, wanted in sorted(needs.items())
        for name, spec in sorted(wanted.items())
        if not any(semver_range(spec).match(_version(v)) for v in versions.get(name, []))
    ]
    if problems:
        raise ManifestError("shared: " + "; ".join(problems))
    chosen: dict[str, dict[str, SharedLibrary]] = defaultdict(dict)
    top: dict[str, SharedLibrary] = {}
    for name, published in sorted(versions.items()):
        left = {app: semver_range(w[name]) for app, w in needs.items() if name in w}
        counts: dict[SharedLibrary, int] = {}
        while left:
            best = max(published, key=lambda v: sum(s.match(_version(v)) for s in left.values()))
            takers = [app for app, spec in left.items() if spec.match(_version(best))]
            for app in takers:
                chosen[app][name] = best
                del left[app]
            counts[best] = len(takers)
        # max() keeps the first of equals: the highest version, as they are sorted.
        top[name] = max(published, key=lambda v: counts.get(v, 0)) if counts else published[0]
    return Sharing(chosen=dict(chosen), top=top)


def _unmet(app: str, name: str, spec: str, published: list[SharedLibrary]) -> str:
    have = ", ".join(v.version for v in published)
    return (
        f"{app} needs {name} {spec}, and "
        + (
            f"no published version is in range (published: {have})"
            if have
            else f"{name} is not published"
        )
        + f'; publish one with PATCH /services {{"service": "{name}", …}}'
    )
