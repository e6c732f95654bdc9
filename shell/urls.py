from django.urls import path, re_path

from bazaar.discovery import bff_url_patterns
from shell import static_files, views
from shell.api import api as registry_api

urlpatterns = [
    path("api/registry/", registry_api.urls),
    *bff_url_patterns(),
    path("importmap.json", views.importmap_json, name="importmap"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    re_path(r"^static/(?P<path>.+)$", static_files.serve, name="static"),
    re_path(r"^(?P<path>.*)$", views.shell_page, name="shell"),
]
