"""An app's canary (``/api/registry/apps/{slug}/canary``): its figures from real browsers beside
the stable release's, and ending it by hand, promoted or aborted (a deploy token, like every
write). A canary with a policy is also ended by the registry itself (shell/registry/judge.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from bazaar.api import errors
from bazaar.errors import NotFound
from shell.registry import judge, services
from shell.registry.api import CanaryPolicyIn, RevisionOut, deployer, who
from shell.registry.models import App
from shell.registry.selectors import revision_summary

router = Router(tags=["apps"])


class FiguresOut(Schema):
    views: int = Field(description="page views that loaded it, or failed to")
    errors: int = Field(description="failures to load or mount, and errors its code threw")
    error_rate: float
    lcp_ms: float | None = Field(description="the mean LCP of its pages")
    inp_ms: float | None = Field(description="the mean INP of its pages")


class CanaryFiguresOut(Schema):
    version: str
    percent: int
    since: datetime = Field(description="when the canary started")
    since_revision: int = Field(description="both figures count pages of this revision on")
    auto: CanaryPolicyIn | None = Field(description="its policy, when judged automatically")
    canary: FiguresOut
    stable: FiguresOut


def _app_named(slug: str) -> App:
    app = App.objects.filter(slug=slug).first()
    if app is None:
        raise NotFound(f"no app {slug!r}")
    return app


@router.get("/{slug}/canary", response={200: CanaryFiguresOut, **errors(404)})
def canary_figures(request: HttpRequest, slug: str):
    """The app's canary and its figures beside the stable release's, over the same pages."""
    figures = judge.canary_figures(_app_named(slug).name)
    if figures is None:
        raise NotFound(f"{slug} has no canary in the current revision")
    return figures


@router.post(
    "/{slug}/canary/promote",
    response={200: RevisionOut, **errors(401, 403, 404, 409)},
    auth=deployer,
)
def promote_canary(request: HttpRequest, slug: str):
    """Give the app's canary release to everyone."""
    name = _app_named(slug).name
    revision = services.canary_promote(name=name, **who(request))
    return revision_summary(revision)


@router.delete(
    "/{slug}/canary",
    response={200: RevisionOut, **errors(401, 403, 404, 409)},
    auth=deployer,
)
def abort_canary(request: HttpRequest, slug: str):
    """Abort the app's canary: everyone gets its live release again."""
    name = _app_named(slug).name
    revision = services.canary_abort(name=name, **who(request))
    return revision_summary(revision)
