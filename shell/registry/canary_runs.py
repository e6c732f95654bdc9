"""Canary runs: each canary from its start to its end, and the policy of one the registry
judges on its own (shell/registry/judge.py decides; services.new_revision opens and closes
the runs as revisions start and end canaries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from shell.registry.manifest import ManifestError
from shell.registry.models import CanaryRun
from shell.registry.state import RegistryState


@dataclass(frozen=True)
class Policy:
    """When an automatic canary is judged: after ``min_views`` of its page views it is
    aborted if its error rate is ``max_error_increase`` above the stable release's or its LCP
    ``max_lcp_ratio`` times the stable one's; after ``promote_views`` without either, it is
    promoted."""

    min_views: int = 20
    promote_views: int = 100
    max_error_increase: float = 0.05  # a share of page views
    max_lcp_ratio: float = 1.5

    def __post_init__(self) -> None:
        if not 1 <= self.min_views <= self.promote_views <= 1_000_000:
            raise ValueError("min_views must be at least 1 and at most promote_views")
        if not 0 <= self.max_error_increase <= 1:
            raise ValueError("max_error_increase is a share of page views, from 0 to 1")
        if not 1 <= self.max_lcp_ratio <= 100:
            raise ValueError("max_lcp_ratio is a ratio of at least 1")


def check_policy(canary: int | None, policy: dict | None) -> None:
    """A deploy's ``canary_auto``: only for a canary, and a valid ``Policy``."""
    if policy is None:
        return
    if canary is None:
        raise ManifestError("canary_auto: only a canary is judged automatically")
    try:
        Policy(**policy)
    except (TypeError, ValueError) as error:
        raise ManifestError(f"canary_auto: {error}") from None


def follow(
    old: RegistryState, new: RegistryState, number: int, action: str, policy: dict | None
) -> None:
    """Open a run for each canary ``new`` starts; close the run of each one it ends."""
    before = {name: release.pk for name, (release, _) in old.canaries.items()}
    after = {name: release.pk for name, (release, _) in new.canaries.items()}
    ended = [pk for name, pk in before.items() if after.get(name) != pk]
    CanaryRun.objects.filter(release_id__in=ended, decided_at=None).update(
        decided_at=timezone.now(),
        decision={"promote": "promoted", "abort": "aborted"}.get(action, action),
    )
    for name, pk in after.items():
        if before.get(name) != pk:
            CanaryRun.objects.create(
                release_id=pk, revision=number, auto=policy is not None, policy=policy or {}
            )
