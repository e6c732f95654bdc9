"""The registry and deploy API (``/api/registry/``): apps, releases, revisions, rollback.

Reads are open; every write needs ``Authorization: Bearer <a deploy token>`` (one of
``BAZAAR_DEPLOY_TOKENS``, or ``BAZAAR_DEPLOY_TOKEN``, named ``deploy``). The history records
the token's name as who did it. A token limited to some apps (``settings.DEPLOY_TOKEN_SCOPES``)
is refused (403, naming the apps) anything that would change another app; the refusals are
the other half of the audit (``GET /refusals``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.security import HttpBearer
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from bazaar.api import create_api, errors
from bazaar.errors import Invalid, NotFound
from shell.registry import judge, services, state
from shell.registry.bundles import bundle_from_data
from shell.registry.canary_runs import Policy
from shell.registry.manifest import (
    APP_NAME,
    MAX_NAME_CHARS,
    MAX_VERSION_CHARS,
    describe_validation_error,
)
from shell.registry.models import App, Refusal, Revision
from shell.registry.scopes import EVERY_APP, authorize
from shell.registry.selectors import revision_summary


class DeployToken(HttpBearer):
    """A named deploy token: the principal is the token's name (``settings.DEPLOY_TOKENS``)."""

    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        # Digests of equal length, and every token compared: the time taken tells nothing.
        supplied = hashlib.sha256(token.encode()).digest()
        found = None
        for name, expected in settings.DEPLOY_TOKENS.items():
            if hmac.compare_digest(supplied, hashlib.sha256(expected.encode()).digest()):
                found = name
        return found


# What a 403 of a write means here (every write takes a deploy token, and answers 403 when
# the token may not change an app the write would change).
FORBIDDEN = (
    "The deploy token may not change an app this would change (the answer names them): "
    "nothing changed, and the refusal is in the audit (GET /api/registry/refusals)"
)


def document_forbidden(api) -> None:
    """The API's OpenAPI document with each write's 403 saying what it means here."""
    schema_of = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = schema_of(**kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {})
                if operation.get("security") and "403" in responses:
                    responses["403"] = {**responses["403"], "description": FORBIDDEN}
        return schema

    api.get_openapi_schema = get_openapi_schema


api = create_api(
    namespace="registry",
    title="Bazaar registry",
    description="Micro-app registry: deploy releases, list revisions, roll back.",
)
deployer = DeployToken()
document_forbidden(api)


class FileIn(Schema):
    """A file's bytes: text as is (``utf-8``), or any bytes (fonts, images, wasm) as ``base64``."""

    encoding: Literal["utf-8", "base64"]
    content: str


class BundleIn(Schema):
    manifest: dict
    files: dict[str, str | FileIn] = Field(
        description="path (inside src/) → the file's text (UTF-8), or "
        '{"encoding": "base64", "content": "..."} for any file (fonts, images, wasm)'
    )


class DeployIn(Schema):
    manifests: list[BundleIn] = Field(min_length=1, max_length=100)
    message: str = Field("", max_length=500)
    canary: int | None = Field(
        None,
        ge=1,
        le=99,
        description="give the new releases to this percentage of visitors only (sticky "
        "buckets); promote or abort it later",
    )
    over_budget: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="deploy releases over their size budget anyway: the reason, which the "
        "history records (without it such a release is refused with 422)",
    )
    canary_auto: CanaryPolicyIn | None = Field(
        None,
        description="judge the canary by real browsers' figures (errors, LCP) beside the "
        "stable release's, and promote or abort it automatically",
    )
    retire: list[Annotated[str, Field(pattern=APP_NAME.pattern, max_length=MAX_NAME_CHARS)]] = (
        Field(
            default_factory=list,
            max_length=100,
            description="apps to take out in the same revision (those not deployed are passed "
            "over): lets a release take over another app's routes, as when one app absorbs "
            "another",
        )
    )


class CanaryPolicyIn(Schema):
    min_views: int = Field(
        Policy.min_views, ge=1, le=1_000_000, description="canary page views before judging"
    )
    promote_views: int = Field(
        Policy.promote_views,
        ge=1,
        le=1_000_000,
        description="promoted once healthy after this many page views",
    )
    max_error_increase: float = Field(
        Policy.max_error_increase,
        ge=0,
        le=1,
        description="aborted if its error rate exceeds the stable one's by this",
    )
    max_lcp_ratio: float = Field(
        Policy.max_lcp_ratio,
        ge=1,
        le=100,
        description="aborted if its mean LCP exceeds the stable one's by this",
    )


class RollbackIn(Schema):
    to_version: str | None = Field(None, max_length=MAX_VERSION_CHARS)


class RefusalOut(Schema):
    created_at: datetime
    created_by: str = Field(description="the deploy token's name")
    action: str = Field(description="what a revision would have said: deploy, canary, ...")
    message: str = Field(description="what was asked, e.g. 'remove @bazaar/cart'")
    apps: list[str] = Field(description="the apps the token may not change")
    reason: str = Field(description="the refusal's detail, as the API answered it")


class CanaryOut(Schema):
    version: str
    percent: int


class RevisionOut(Schema):
    number: int
    action: str
    message: str
    created_by: str
    created_at: datetime
    releases: dict[str, str]
    canaries: dict[str, CanaryOut]
    libraries: dict[str, list[str]] = Field(
        default_factory=dict, description="each shared library's published versions"
    )


class ReleaseOut(Schema):
    version: str
    created_at: datetime
    created_by: str
    base_url: str
    first_error_at: datetime | None = Field(
        None, description="when real browsers first reported an error of it"
    )
    route_bytes: int | None = Field(
        None, description="its entry and static imports as built, brotli (its size budget's)"
    )


class AppOut(Schema):
    name: str
    slug: str
    current_version: str | None
    canary: CanaryOut | None
    releases: list[ReleaseOut]


def _optional_body(request: HttpRequest, schema: type[Schema]) -> Schema:
    if request.content_type != "application/json" or not request.body.strip():
        return schema()
    try:
        return schema.model_validate_json(request.body)
    except PydanticValidationError as exc:
        raise Invalid(describe_validation_error(exc, root="body")) from None


def _actor(request: HttpRequest) -> str:
    """Who the history records: the authenticated identity, never a header the caller sets."""
    return request.auth


def _scope(request: HttpRequest) -> frozenset[str]:
    """The apps the request's deploy token may change (a token given no scope: every app)."""
    scopes = getattr(settings, "DEPLOY_TOKEN_SCOPES", {})
    return scopes.get(request.auth, frozenset({EVERY_APP}))


def who(request: HttpRequest) -> dict:
    return {"actor": _actor(request), "scope": _scope(request)}


def _file_bytes(index: int, path: str, value: str | FileIn) -> bytes:
    """A file of the JSON bundle as bytes; 422 naming the file if its content cannot be."""
    file = f"files: {path[:80]!r}" + (f" (manifests.{index})" if index else "")
    if isinstance(value, FileIn) and value.encoding == "base64":
        try:
            return base64.b64decode(value.content.encode("ascii"), validate=True)
        except (UnicodeEncodeError, binascii.Error):
            raise Invalid(f"{file} is not valid base64") from None
    text = value.content if isinstance(value, FileIn) else value
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(f"{file} is not valid Unicode text (a lone surrogate)") from None


@api.get("/apps", response=list[AppOut], tags=["apps"])
def list_apps(request: HttpRequest):
    head = state.current_revision()
    summary = revision_summary(head) if head else {"releases": {}, "canaries": {}}
    return [
        {
            "name": app.name,
            "slug": app.slug,
            "current_version": summary["releases"].get(app.name),
            "canary": summary["canaries"].get(app.name),
            "releases": [
                {
                    "version": r.version,
                    "created_at": r.created_at,
                    "created_by": r.created_by,
                    "base_url": r.base_url,
                    "first_error_at": judge.first_error_at(r),
                    "route_bytes": r.build.get("route_bytes"),
                }
                for r in app.releases.order_by("created_at")
            ],
        }
        for app in App.objects.prefetch_related("releases")
    ]


@api.get("/revisions", response={200: list[RevisionOut], **errors(422)}, tags=["revisions"])
def list_revisions(request: HttpRequest, limit: int = Query(50, ge=1, le=500)):
    return [revision_summary(r) for r in Revision.objects.order_by("-number")[:limit]]


@api.get("/refusals", response={200: list[RefusalOut], **errors(422)}, tags=["revisions"])
def list_refusals(request: HttpRequest, limit: int = Query(50, ge=1, le=500)):
    """Changes refused because the deploy token may not change an app they touch, newest
    first: who, what, when and why (the history of what was done is ``/revisions``)."""
    return list(Refusal.objects.order_by("-created_at", "-id")[:limit])


@api.get("/revisions/current", response={200: RevisionOut, **errors(404)}, tags=["revisions"])
def get_current_revision(request: HttpRequest):
    head = state.current_revision()
    if head is None:
        raise NotFound("nothing has been deployed yet")
    return revision_summary(head)


@api.post(
    "/releases",
    response={201: RevisionOut, **errors(401, 403, 409, 422, 503)},
    auth=deployer,
    tags=["releases"],
)
def deploy(request: HttpRequest, payload: DeployIn):
    """Publish one or more apps and make them current together, atomically.

    Everything is validated before anything is published; a refused release (422: the
    ``detail`` names the field; 409: a changed published version; 403: the token may not
    change an app of it) leaves nothing behind. ``retire`` takes apps out in the same
    revision, e.g. when this release takes over their routes.
    """
    # The token may change every app named, checked before any module is fetched (a name
    # that is not a string is left to the manifest's validation).
    named = [b.manifest.get("name") for b in payload.manifests]
    authorize(
        apps=[name for name in named if isinstance(name, str)] + payload.retire,
        action="canary" if payload.canary is not None else "deploy",
        message=("canary " if payload.canary is not None else "deploy ")
        + ", ".join(str(name)[:100] for name in named)
        + "".join(f", retire {name}" for name in payload.retire),
        **who(request),
    )
    files = [
        {path: _file_bytes(i, path, value) for path, value in bundle.files.items()}
        for i, bundle in enumerate(payload.manifests)
    ]
    bundles = [
        bundle_from_data(bundle.manifest, bundle_files)
        for bundle, bundle_files in zip(payload.manifests, files, strict=True)
    ]
    revision = services.release_deploy(
        bundles=bundles,
        message=payload.message,
        canary=payload.canary,
        canary_policy=payload.canary_auto.dict() if payload.canary_auto else None,
        over_budget=payload.over_budget,
        retire=payload.retire,
        **who(request),
    )
    return Status(201, revision_summary(revision))


@api.post(
    "/apps/{slug}/rollback",
    response={200: RevisionOut, **errors(401, 403, 404, 409, 422)},
    auth=deployer,
    tags=["apps"],
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": RollbackIn.model_json_schema()}},
        }
    },
)
def rollback(request: HttpRequest, slug: str):
    """Roll back to ``to_version``, or (with no body) to the release published before."""
    payload = _optional_body(request, RollbackIn)
    app = App.objects.filter(slug=slug).first()
    if app is None:
        raise NotFound(f"no app {slug!r}")
    revision = services.release_rollback(
        name=app.name,
        to_version=payload.to_version,
        **who(request),
    )
    return revision_summary(revision)


@api.post(
    "/revisions/{number}/restore",
    response={200: RevisionOut, **errors(401, 403, 404, 409, 422)},
    auth=deployer,
    tags=["revisions"],
)
def restore(request: HttpRequest, number: int):
    """Make revision ``number``'s set of releases current again. The token must be allowed
    every app whose release or canary this changes."""
    revision = services.revision_restore(number=number, **who(request))
    return revision_summary(revision)


@api.delete(
    "/apps/{slug}",
    response={200: RevisionOut, **errors(401, 403, 404, 409)},
    auth=deployer,
    tags=["apps"],
)
def remove(request: HttpRequest, slug: str):
    app = App.objects.filter(slug=slug).first()
    if app is None:
        raise NotFound(f"no app {slug!r}")
    revision = services.app_remove(name=app.name, **who(request))
    return revision_summary(revision)


# import-map-deployer's API (single-spa's deploy service), so that CI scripts written for it
# work unchanged: ``PATCH /services``, ``DELETE /services/{name}``, ``GET /import-map.json``.
# Each change is a release in the registry's history like any other.
