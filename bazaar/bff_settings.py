"""Settings of one BFF served alone (the distributed mode): ``BAZAAR_BFF=cart`` with
``DJANGO_SETTINGS_MODULE=bazaar.bff_settings`` serves ``bffs/cart`` under ``/bff/cart/api/``
(``daphne bazaar.bff_asgi:application``), runs its hub work (``manage.py hub_worker``) and
migrates its datastore, with nothing of the shell or of any other BFF installed.

Only bearer JWTs authenticate (no session, no CSRF, no cookies), and the shell's pages call it
from their own origin, so it answers CORS for ``BAZAAR_SHELL_ORIGINS`` (the shop's public
origins) and nobody else. Its database is ``BAZAAR_DB_<NAME>`` (a URL), else its SQLite file.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from bazaar import cors
from bazaar.config import env
from bazaar.db import database_config
from bazaar.discovery import discover_bffs
from bazaar.origins import parse_origins
from bazaar.settings_base import *  # noqa: F403
from bazaar.settings_base import BASE_DIR, DATA_DIR

BAZAAR_BFF = env.text("BAZAAR_BFF", "")
_found = discover_bffs(BASE_DIR / "bffs")
if BAZAAR_BFF not in _found:
    raise ImproperlyConfigured(
        f"BAZAAR_BFF must name one BFF of bffs/ (one of: {', '.join(_found)}); it is {BAZAAR_BFF!r}"
    )
BAZAAR_BFFS = [BAZAAR_BFF]

INSTALLED_APPS = [
    "django.contrib.staticfiles",  # the API docs page's scripts
    "corsheaders",
    "ninja",
    "bazaar",
    f"bffs.{BAZAAR_BFF}",
    "eventhub",
    "contracts",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bazaar.metrics.MetricsMiddleware",
    "bazaar.http.AllowedHosts",
    "bazaar.logs.AccessLog",
    "bazaar.http.RequestSizeLimit",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bazaar.bff_urls"
ASGI_APPLICATION = "bazaar.bff_asgi.application"
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
]  # ninja's docs page

# Only this BFF's datastore; ``default`` is left unusable so that nothing lands there.
DATABASES = {"default": {}, BAZAAR_BFF: database_config(BAZAAR_BFF, DATA_DIR)}
DATABASE_ROUTERS = ["bazaar.db.BffRouter"]

# CORS: the shop's pages (on the shell's origins) call this BFF with a bearer token.
CORS_ALLOWED_ORIGINS = parse_origins(
    env.text("BAZAAR_SHELL_ORIGINS", ""), setting="BAZAAR_SHELL_ORIGINS"
)
CORS_URLS_REGEX = r"^/bff/"
CORS_ALLOW_CREDENTIALS = False  # bearer tokens only: no cookie goes to a BFF
CORS_ALLOW_HEADERS = list(cors.ALLOW_HEADERS)
CORS_ALLOW_METHODS = list(cors.ALLOW_METHODS)
CORS_EXPOSE_HEADERS = ["etag", "retry-after", "location", "cache-control"]
CORS_PREFLIGHT_MAX_AGE = 600

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
