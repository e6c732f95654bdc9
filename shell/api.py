"""The registry and deploy API (``/api/registry/``): apps, releases, revisions, rollback.

Reads are open; every write needs ``Authorization: Bearer <BAZAAR_DEPLOY_TOKEN>``.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.security import HttpBearer
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from bazaar.api import Conflict, NotFound, Unprocessable, create_api
from shell import services
from shell.manifest import ManifestError, describe_validation_error
from shell.models import App, Revision
from shell.selectors import revision_summary


class DeployToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        if hmac.compare_digest(token.encode(), settings.DEPLOY_TOKEN.encode()):
            return "deploy-token"
        return None


api = create_api(
    namespace="registry",
    title="Bazaar registry",
    description="Micro-app registry: deploy releases, list revisions, roll back.",
)
deployer = DeployToken()


class BundleIn(Schema):
    manifest: dict
    files: dict[str, str] = Field(description="path (inside src/) → file text (UTF-8)")


class DeployIn(Schema):
    manifests: list[BundleIn] = Field(min_length=1)
    message: str = Field("", max_length=500)


class RollbackIn(Schema):
    to_version: str | None = None


class RevisionOut(Schema):
    number: int
    action: str
    message: str
    created_by: str
    created_at: datetime
    releases: dict[str, str]


class ReleaseOut(Schema):
    version: str
    created_at: datetime
    created_by: str
    base_url: str


class AppOut(Schema):
    name: str
    slug: str
    current_version: str | None
    releases: list[ReleaseOut]


def _registry_call(func, **kwargs) -> Revision:
    try:
        return func(**kwargs)
    except ManifestError as exc:
        raise Unprocessable(str(exc)) from None
    except services.RegistryConflict as exc:
        raise Conflict(str(exc)) from None
    except services.RegistryNotFound as exc:
        raise NotFound(str(exc)) from None


def _optional_body(request: HttpRequest, schema: type[Schema]) -> Schema:
    if request.content_type != "application/json" or not request.body.strip():
        return schema()
    try:
        return schema.model_validate_json(request.body)
    except PydanticValidationError as exc:
        raise Unprocessable(describe_validation_error(exc, root="body")) from None


def _actor(request: HttpRequest) -> str:
    return request.headers.get("X-Bazaar-Actor", "")[:100] or request.auth


@api.get("/apps", response=list[AppOut], tags=["apps"])
def list_apps(request: HttpRequest):
    head = services.current_revision()
    current = revision_summary(head)["releases"] if head else {}
    return [
        {
            "name": app.name,
            "slug": app.slug,
            "current_version": current.get(app.name),
            "releases": list(app.releases.order_by("created_at")),
        }
        for app in App.objects.prefetch_related("releases")
    ]


@api.get("/revisions", response=list[RevisionOut], tags=["revisions"])
def list_revisions(request: HttpRequest, limit: int = Query(50, ge=1, le=500)):
    return [revision_summary(r) for r in Revision.objects.order_by("-number")[:limit]]


@api.get("/revisions/current", response=RevisionOut, tags=["revisions"])
def get_current_revision(request: HttpRequest):
    head = services.current_revision()
    if head is None:
        raise NotFound("nothing has been deployed yet")
    return revision_summary(head)


@api.post("/releases", response={201: RevisionOut}, auth=deployer, tags=["releases"])
def deploy(request: HttpRequest, payload: DeployIn):
    """Publish one or more apps and make them current together, atomically."""
    try:
        bundles = [
            services.bundle_from_data(b.manifest, {p: t.encode() for p, t in b.files.items()})
            for b in payload.manifests
        ]
    except ManifestError as exc:
        raise Unprocessable(str(exc)) from None
    revision = _registry_call(
        services.release_deploy, bundles=bundles, actor=_actor(request), message=payload.message
    )
    return Status(201, revision_summary(revision))


@api.post(
    "/apps/{slug}/rollback",
    response=RevisionOut,
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
    revision = _registry_call(
        services.release_rollback,
        name=app.name,
        actor=_actor(request),
        to_version=payload.to_version,
    )
    return revision_summary(revision)


@api.post("/revisions/{number}/restore", response=RevisionOut, auth=deployer, tags=["revisions"])
def restore(request: HttpRequest, number: int):
    revision = _registry_call(services.revision_restore, number=number, actor=_actor(request))
    return revision_summary(revision)


@api.delete("/apps/{slug}", response=RevisionOut, auth=deployer, tags=["apps"])
def remove(request: HttpRequest, slug: str):
    app = App.objects.filter(slug=slug).first()
    if app is None:
        raise NotFound(f"no app {slug!r}")
    revision = _registry_call(services.app_remove, name=app.name, actor=_actor(request))
    return revision_summary(revision)
