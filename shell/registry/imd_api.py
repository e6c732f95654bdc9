"""single-spa's import-map-deployer endpoints over the registry (``/services``,
``/import-map.json``), so existing CI scripts deploy to Bazaar unchanged. Each change is a
release in the registry's history like any other."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja.security import HttpBasicAuth
from pydantic import Field

from bazaar.api import create_api, errors
from bazaar.errors import Invalid, NotFound
from shell.registry import services
from shell.registry.api import deployer, document_forbidden, who
from shell.registry.imd import service_deploy, services_deploy
from shell.registry.libraries import library_publish, library_remove
from shell.registry.manifest import APP_NAME, MAX_PATH_CHARS, MAX_VERSION_CHARS
from shell.registry.selectors import current_page_config


class DeployTokenBasic(HttpBasicAuth):
    """import-map-deployer's HTTP basic auth: any user name, a deploy token as the password
    (the history records the token's name)."""

    def authenticate(self, request: HttpRequest, username: str, password: str) -> str | None:
        return deployer.authenticate(request, password)


services_api = create_api(
    namespace="import-map-deployer",
    title="Bazaar import-map-deployer API",
    description="The endpoints of single-spa's import-map-deployer, over Bazaar's registry: "
    "each change is a release recorded in the history.",
    docs_url="services/docs",
    openapi_url="services/openapi.json",
)
# Mounted at the site's root without its API-root view (``/`` is the shop): its OpenAPI paths
# start at "/".
services_api.get_root_path = lambda path_params: "/"
document_forbidden(services_api)
imd_auth = [deployer, DeployTokenBasic()]


class ServiceIn(Schema):
    service: str = Field(
        max_length=214,
        description="the import specifier: '@scope/name' for a micro-app, a bare name ('vue', "
        "'react-dom/client') for a shared library",
    )
    url: str = Field(max_length=MAX_PATH_CHARS, description="where the module is hosted")
    version: str | None = Field(
        None,
        max_length=MAX_VERSION_CHARS,
        description="a shared library's semantic version, when its URL does not name it "
        "(…@3.5.13/…); not taken for a micro-app",
    )
    integrity: str | None = Field(
        None,
        max_length=1000,
        description="the module's SRI hash as the team's build computed it ('sha384-...'): "
        "the bytes fetched must match it (422 otherwise)",
    )


class ImportMapPatchIn(Schema):
    imports: dict[str, Annotated[str, Field(max_length=MAX_PATH_CHARS)]] = Field(
        min_length=1,
        max_length=50,
        description="service ('@scope/name') → where its module is hosted; all of them change "
        "in one revision, or none",
    )
    scopes: dict | None = Field(
        None, description="not taken: the registry writes the import map's scopes itself"
    )


class ImportMapOut(Schema):
    imports: dict[str, str]
    integrity: dict[str, str]
    scopes: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="the versions of shared libraries some apps get instead of those in "
        "`imports` (their ranges exclude it): app folder → {library: URL}",
    )


class EnvironmentOut(Schema):
    name: str
    isDefault: bool  # noqa: N815 (import-map-deployer's name)
    aliases: list[str] = Field(description="the other names of the same import map")


class EnvironmentsOut(Schema):
    environments: list[EnvironmentOut]


def _environment(env: str | None) -> None:
    """CI scripts name the import map they change (``?env=prod``); this deployment answers to
    ``BAZAAR_IMPORT_MAP_ENVS`` and refuses any other name rather than change the wrong one."""
    if env is not None and env not in settings.BAZAAR_IMPORT_MAP_ENVS:
        known = ", ".join(settings.BAZAAR_IMPORT_MAP_ENVS)
        raise NotFound(f"env: no import map {env!r} here (BAZAAR_IMPORT_MAP_ENVS: {known})")


def _import_map() -> dict:
    return current_page_config().importmap


@services_api.get(
    "import-map.json", response={200: ImportMapOut, **errors(404)}, tags=["import map"]
)
def imd_import_map(request: HttpRequest, env: str | None = None):
    _environment(env)
    return _import_map()


@services_api.patch(
    "import-map.json",
    response={200: ImportMapOut, **errors(401, 403, 404, 409, 422, 503)},
    auth=imd_auth,
    tags=["import map"],
)
def imd_patch_import_map(request: HttpRequest, payload: ImportMapPatchIn, env: str | None = None):
    """Point several services at new URLs at once, as import-map-deployer's
    ``PATCH /import-map.json`` does: one revision in the history, each service as by
    ``PATCH /services``; a module that cannot be fetched or pinned refuses them all."""
    _environment(env)
    if payload.scopes:
        raise Invalid("scopes: not taken here: the registry writes the import map's scopes")
    listed = ", ".join(f"{service} {url}" for service, url in payload.imports.items())
    services_deploy(
        services={service: (url, None) for service, url in payload.imports.items()},
        message=f"PATCH /import-map.json {listed}"[:500],
        **who(request),
    )
    return _import_map()


@services_api.get("environments", response={200: EnvironmentsOut}, tags=["import map"])
def imd_environments(request: HttpRequest):
    """The import maps this deployment answers to (``BAZAAR_IMPORT_MAP_ENVS``). They are all
    the one import map of this registry: each is the default, and the others its aliases."""
    names = list(settings.BAZAAR_IMPORT_MAP_ENVS)
    return {
        "environments": [
            {"name": name, "isDefault": True, "aliases": [n for n in names if n != name]}
            for name in names
        ]
    }


@services_api.patch(
    "services",
    response={200: ImportMapOut, **errors(401, 403, 404, 409, 422, 503)},
    auth=imd_auth,
    tags=["services"],
)
def imd_patch_service(
    request: HttpRequest,
    payload: ServiceIn,
    env: str | None = None,
    packageDirLevel: int | None = None,  # noqa: N803 (import-map-deployer's name)
    skip_url_check: str | None = None,
):
    """Point ``service`` at the module at ``url`` (an origin of ``BAZAAR_SCRIPT_ORIGINS``).

    ``packageDirLevel`` may only be 1: ``service/`` maps to the folder of ``url`` (for an app
    with files published here, to their folder).

    The module is always fetched (``skip_url_check`` is accepted and ignored): its bytes give
    the SRI hash the import map pins. An app of the registry keeps its routes, mount points
    and config; another service becomes a module of the import map, mounted nowhere.
    """
    _environment(env)
    if packageDirLevel not in (None, 1):
        raise Invalid("packageDirLevel: only 1 is supported (the folder of the url)")
    if APP_NAME.fullmatch(payload.service):
        if payload.version is not None:
            raise Invalid("version: a micro-app's version is its manifest's, not taken here")
        service_deploy(
            service=payload.service, url=payload.url, integrity=payload.integrity, **who(request)
        )
    else:
        library_publish(
            name=payload.service,
            url=payload.url,
            version=payload.version,
            integrity=payload.integrity,
            field="service",
            **who(request),
        )
    return _import_map()


@services_api.delete(
    "services/{path:name}",
    response={200: ImportMapOut, **errors(401, 403, 404, 409, 422)},
    auth=imd_auth,
    tags=["services"],
)
def imd_delete_service(request: HttpRequest, name: str, env: str | None = None):
    """Take ``name`` out of the import map (its releases stay, for rollback and audit): a
    micro-app, or every version of a shared library (422 while an app's range needs it)."""
    _environment(env)
    if APP_NAME.fullmatch(name):
        services.app_remove(name=name, **who(request))
    else:
        library_remove(name=name, **who(request))
    return _import_map()
