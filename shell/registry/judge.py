"""Canaries judged by their own numbers.

Real browsers report what each release did on their pages (``POST /rum``, shell/rum/api.py):
a page view that loaded and mounted it, one where it failed to, an error it threw later, the
page's LCP and INP. ``tally`` adds them up per release and minute (``ReleaseTally``, in the
registry's database, so every shell replica counts into the same figures).

While a canary runs, ``figures`` compares it with the app's stable release over the same
window (since the canary started). A canary started with a policy (``Policy``: deploy with
``canary_auto``, or ``deploy_microapp --auto``) is judged after every report that names it:

- once it has ``min_views`` page views, it is **aborted** if its error rate is more than
  ``max_error_increase`` above the stable release's, or its mean LCP more than
  ``max_lcp_ratio`` times the stable one's (when the stable release has ``min_views`` too);
- once it has ``promote_views`` page views and neither holds, it is **promoted**.

The decision is an ordinary registry change (a new revision whose message gives the figures;
its ``CanaryRun`` keeps them), so the history shows who decided (``canary-judge``), why and on
what numbers. A module that throws on mount fails every page view that loads it, so such a
canary is aborted after ``min_views`` of its page views.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from bazaar.errors import DomainError
from shell.registry import selectors, services
from shell.registry.canary_runs import Policy
from shell.registry.models import CanaryRun, Release, ReleaseTally, Revision
from shell.registry.state import current_revision

JUDGE = "canary-judge"
log = logging.getLogger(__name__)


@dataclass
class Figures:
    """What one release did over a window."""

    views: int = 0
    errors: int = 0
    lcp_ms: float | None = None
    inp_ms: float | None = None

    @property
    def error_rate(self) -> float:
        return self.errors / self.views if self.views else 0.0

    def as_dict(self) -> dict:
        return {**dataclasses.asdict(self), "error_rate": round(self.error_rate, 4)}

    def describe(self, version: str) -> str:
        lcp = f", LCP {self.lcp_ms:.0f} ms" if self.lcp_ms is not None else ""
        return f"{version}: {self.error_rate:.0%} errors ({self.errors} in {self.views} views){lcp}"


@dataclass
class _Counts:
    views: int = 0
    errors: int = 0
    lcp: list[float] = field(default_factory=list)
    inp: list[float] = field(default_factory=list)


@dataclass
class Tally:
    """What one report says of each release (by its id), from a page of ``revision``."""

    revision: int = 0
    counts: dict[int, _Counts] = field(default_factory=lambda: defaultdict(_Counts))

    def view(self, release: int, *, failed: bool) -> None:
        self.counts[release].views += 1
        self.counts[release].errors += failed

    def error(self, release: int) -> None:
        self.counts[release].errors += 1

    def vital(self, release: int, name: str, value: float) -> None:
        if name == "LCP":
            self.counts[release].lcp.append(value)
        elif name == "INP":
            self.counts[release].inp.append(value)


def release_ids() -> dict[tuple[str, str], int]:
    """(app, version) -> release id of what visitors get now: live releases and canaries."""
    number, created_at = selectors.current_revision_key()
    return _release_ids(number, created_at)


@functools.lru_cache(maxsize=8)
def _release_ids(number: int, created_at: float) -> dict[tuple[str, str], int]:
    revision = Revision.objects.filter(number=number).first()
    if revision is None:
        return {}
    releases = list(revision.releases.select_related("app"))
    releases += [c.release for c in revision.canaries.select_related("release__app")]
    return {(r.app.name, r.version): r.pk for r in releases}


def record(tally: Tally) -> None:
    """Add a report's counts to this minute's tallies, then judge the canaries it names."""
    if not tally.counts:
        return
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    with transaction.atomic():
        for release, counts in sorted(tally.counts.items()):
            row, _ = ReleaseTally.objects.get_or_create(
                release_id=release, revision=tally.revision, minute=minute
            )
            ReleaseTally.objects.filter(pk=row.pk).update(
                views=F("views") + counts.views,
                errors=F("errors") + counts.errors,
                lcp_count=F("lcp_count") + len(counts.lcp),
                lcp_sum_ms=F("lcp_sum_ms") + sum(counts.lcp),
                inp_count=F("inp_count") + len(counts.inp),
                inp_sum_ms=F("inp_sum_ms") + sum(counts.inp),
            )
            if counts.errors:
                ReleaseTally.objects.filter(pk=row.pk, first_error_at=None).update(
                    first_error_at=now
                )
    judge_canaries(set(tally.counts))


def figures(release: Release | int, since_revision: int) -> Figures:
    """What ``release`` did on pages rendered from revision ``since_revision`` on."""
    totals = ReleaseTally.objects.filter(release=release, revision__gte=since_revision).aggregate(
        views=Sum("views"),
        errors=Sum("errors"),
        lcp_count=Sum("lcp_count"),
        lcp_sum=Sum("lcp_sum_ms"),
        inp_count=Sum("inp_count"),
        inp_sum=Sum("inp_sum_ms"),
    )
    return Figures(
        views=totals["views"] or 0,
        errors=totals["errors"] or 0,
        lcp_ms=round(totals["lcp_sum"] / totals["lcp_count"], 1) if totals["lcp_count"] else None,
        inp_ms=round(totals["inp_sum"] / totals["inp_count"], 1) if totals["inp_count"] else None,
    )


def first_error_at(release: Release | int) -> datetime.datetime | None:
    row = (
        ReleaseTally.objects.filter(release=release, first_error_at__isnull=False)
        .order_by("first_error_at")
        .values_list("first_error_at", flat=True)
        .first()
    )
    return row


def open_run(release: Release | int) -> CanaryRun | None:
    return CanaryRun.objects.filter(release=release, decided_at=None).first()


def canary_figures(name: str) -> dict | None:
    """The app's canary beside its stable release since the canary started, or None."""
    revision = current_revision()
    if revision is None:
        return None
    canary = revision.canaries.select_related("release").filter(release__app__name=name).first()
    stable = revision.releases.filter(app__name=name).first()
    if canary is None or stable is None:
        return None
    run = open_run(canary.release)
    since = run.revision if run else revision.number
    return {
        "version": canary.release.version,
        "percent": canary.percent,
        "since": run.started_at if run else revision.created_at,
        "since_revision": since,
        "auto": run.policy if run and run.auto else None,
        "canary": figures(canary.release, since).as_dict(),
        "stable": figures(stable, since).as_dict(),
    }


def judge_canaries(releases: set[int]) -> None:
    """Judge the automatic canaries among ``releases`` (those a report just counted)."""
    for run in CanaryRun.objects.filter(
        release_id__in=releases, auto=True, decided_at=None
    ).select_related("release__app"):
        judge(run)


def verdict(policy: Policy, canary: Figures, stable: Figures) -> tuple[str | None, str]:
    """("abort" | "promote" | None, why) for a canary's figures beside its stable release's."""
    if canary.views < policy.min_views:
        return None, f"{canary.views} of {policy.min_views} views"
    if canary.error_rate > stable.error_rate + policy.max_error_increase:
        return "abort", "its error rate is above the stable release's"
    if (
        canary.lcp_ms is not None
        and stable.lcp_ms is not None
        and stable.views >= policy.min_views
        and canary.lcp_ms > stable.lcp_ms * policy.max_lcp_ratio
    ):
        return "abort", f"its LCP is over {policy.max_lcp_ratio}x the stable release's"
    if canary.views >= policy.promote_views:
        return "promote", "healthy"
    return None, f"healthy so far, {canary.views} of {policy.promote_views} views"


def judge(run: CanaryRun) -> str | None:
    """Promote or abort ``run``'s canary if its figures say so; returns what was done."""
    revision = current_revision()
    name = run.release.app.name
    stable = revision.releases.filter(app__name=name).first() if revision else None
    if stable is None:
        return None
    policy = Policy(**run.policy)
    canary_now, stable_now = figures(run.release, run.revision), figures(stable, run.revision)
    decision, why = verdict(policy, canary_now, stable_now)
    if decision is None:
        return None
    message = (
        f"{why}: {canary_now.describe(run.release.version)} "
        f"vs {stable_now.describe(stable.version)}"
    )
    act = services.canary_abort if decision == "abort" else services.canary_promote
    try:
        act(name=name, actor=JUDGE, why=message)
    except DomainError:  # another replica decided first, or the canary ended by hand
        return None
    CanaryRun.objects.filter(pk=run.pk).update(
        figures={"canary": canary_now.as_dict(), "stable": stable_now.as_dict(), "why": why}
    )
    log.warning(
        "canary %s of %s %s: %s",
        run.release.version,
        name,
        {"abort": "aborted", "promote": "promoted"}[decision],
        message,
        extra={"event": "canary-decided", "app": name, "decision": decision},
    )
    return decision
