from django.urls import include, path, re_path

from bazaar import ops
from bazaar.discovery import bff_url_patterns
from shell import offline
from shell.identity import oidc
from shell.live.poll import poll as live_poll
from shell.page import static_files, views
from shell.registry.api import api as registry_api
from shell.registry.canary_api import router as canary_router
from shell.registry.imd_api import services_api
from shell.registry.libraries_api import router as libraries_router
from shell.rum.api import api as rum_api

registry_api.add_router("/libraries", libraries_router)
registry_api.add_router("/apps", canary_router)


def _without_root(urls):
    """A NinjaAPI mounted at the site's root, without its API-root view (``/`` is the shop)."""
    patterns, app_name, namespace = urls
    return include(([p for p in patterns if str(p.pattern)], app_name), namespace=namespace)


urlpatterns = [
    path("api/registry/", registry_api.urls),
    path("oidc/token/", oidc.access_token, name="oidc_access_token"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    *bff_url_patterns(),
    path("importmap.json", views.importmap_json, name="importmap"),
    path("", _without_root(services_api.urls)),  # import-map-deployer: /services, /import-map.json
    path("live/poll", live_poll, name="live_poll"),
    path("live/schema.json", views.live_schema, name="live_schema"),
    path("", _without_root(rum_api.urls)),  # POST /rum, /rum/openapi.json
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    *ops.urlpatterns,
    re_path(r"^static/(?P<path>.+)$", static_files.not_found, name="static"),
    re_path(r"^(api|bff)/", views.api_not_found),
    re_path(r"^(?P<path>.*)$", views.shell_page, name="shell"),
]
