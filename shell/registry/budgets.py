"""Size budgets: what a release makes a shopper download before its route shows.

At deploy each release's route closure is weighed: its entry module and every module it
imports statically, as built by esbuild (dynamic imports stay lazy and are not counted), each
as brotli compresses it (what the shop serves). Modules hosted elsewhere (a CDN) and the
shared libraries of the import map are not the release's and are not counted; a version
published unbundled (no esbuild) counts every module it publishes.

Over its budget (the manifest's ``budget`` in KB, else ``BAZAAR_APP_BUDGET_KB``) the deploy is
refused with a 422 naming the release's weight and its largest modules, unless the deployer
says why it must go anyway (``over_budget``), which the history then records.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import brotli
from django.conf import settings

from shell.registry.bundler import static_closure
from shell.registry.bundles import Bundle
from shell.registry.manifest import ManifestError

MODULE_SUFFIXES = (".js", ".mjs")
SHOWN = 5  # the largest modules a refusal names


@dataclass(frozen=True)
class Weight:
    """The brotli bytes of each module of a release's route closure."""

    modules: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.modules.values())

    def largest(self) -> str:
        ranked = sorted(self.modules.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
        return ", ".join(f"{path} {kb(size)}" for path, size in ranked)


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


@functools.lru_cache(maxsize=256)
def _brotli_size(content: bytes) -> int:
    return len(brotli.compress(content, quality=11))


def weigh(bundle: Bundle) -> Weight:
    """The route closure of ``bundle``'s entry, as the shop serves it."""
    build = bundle.build
    if build is not None and bundle.manifest.entry in build.entries:
        closure = static_closure(build.as_record(), build.entries[bundle.manifest.entry])
        files = build.files
    else:  # unbundled, or an entry hosted elsewhere: every module it publishes
        files = bundle.files
        closure = [path for path in files if path.endswith(MODULE_SUFFIXES)]
    return Weight({path: _brotli_size(files[path]) for path in closure if path in files})


def budget_of(bundle: Bundle) -> int:
    """The release's budget in bytes."""
    return (bundle.manifest.budget or settings.BAZAAR_APP_BUDGET_KB) * 1024


def check(bundles: list[Bundle], over_budget: str | None) -> list[str]:
    """Refuse a release over its budget (``ManifestError``: 422 naming its largest modules)
    unless ``over_budget`` says why; returns what the history records of those let through."""
    notes = []
    for bundle in bundles:
        weight, budget = weigh(bundle), budget_of(bundle)
        if weight.total <= budget:
            continue
        release = f"{bundle.manifest.name}@{bundle.manifest.version}"
        if not over_budget:
            raise ManifestError(
                f"budget: {release} weighs {kb(weight.total)} (brotli, its entry and static "
                f"imports) over its budget of {kb(budget)}; largest: {weight.largest()}. Split "
                "it with dynamic imports, raise its manifest's budget, or deploy with "
                "over_budget giving the reason"
            )
        notes.append(f"{release} over budget, {kb(weight.total)} > {kb(budget)}: {over_budget}")
    return notes
