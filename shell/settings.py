"""Settings for the shell and the BFFs it hosts in the embedded mode.

Configuration enters here and only here, read once from the environment. ``BAZAAR_ENV=dev``
(what ``make dev`` and ``make test`` set) allows development defaults; unset or any other value
means production: every secret must be set explicitly, and start-up fails fast without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from bazaar.db import database_config
from bazaar.discovery import discover_bffs

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("BAZAAR_ENV", "production")  # dev defaults only when asked for
DEV = ENV == "dev"


def _secret(name: str, dev_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if DEV:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when BAZAAR_ENV={ENV!r}")


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-change-me")
DEBUG = DEV  # follows BAZAAR_ENV: never on in production
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

DATA_DIR = Path(os.environ.get("BAZAAR_DATA_DIR", BASE_DIR / "var" / "db"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Where deployed micro-app versions are published (immutable, one folder per version).
PUBLISH_ROOT = Path(os.environ.get("BAZAAR_PUBLISH_ROOT", BASE_DIR / "static" / "apps"))
NODE_MODULES = BASE_DIR / "node_modules"
# esbuild bundles each deployed version (shell/bundler.py); without it versions are unbundled.
BAZAAR_BUNDLER = os.environ.get("BAZAAR_BUNDLER", str(NODE_MODULES / ".bin" / "esbuild"))
MICROAPPS_DIR = BASE_DIR / "microapps"


def parse_deploy_tokens(environ: Mapping[str, str], *, dev: bool) -> dict[str, str]:
    """Named deploy tokens: ``BAZAAR_DEPLOY_TOKENS="ci=tok1,alice=tok2"``, plus
    ``BAZAAR_DEPLOY_TOKEN`` as the token named ``deploy``. The name is who the registry's
    history says deployed (an ``X-Bazaar-Actor`` header is never trusted)."""
    tokens: dict[str, str] = {}
    for entry in filter(
        None, (e.strip() for e in environ.get("BAZAAR_DEPLOY_TOKENS", "").split(","))
    ):
        name, equals, token = (part.strip() for part in entry.partition("="))
        if not equals or not token or not re.fullmatch(r"[A-Za-z0-9._@-]{1,100}", name, re.ASCII):
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKENS takes name=token pairs separated by commas "
                "(names: letters, digits, '.', '_', '@', '-')"
            )
        if name in tokens:
            raise ImproperlyConfigured(f"BAZAAR_DEPLOY_TOKENS names {name!r} twice")
        tokens[name] = token
    if environ.get("BAZAAR_DEPLOY_TOKEN"):
        if "deploy" in tokens:
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKEN is the token named 'deploy': do not name another one so"
            )
        tokens["deploy"] = environ["BAZAAR_DEPLOY_TOKEN"]
    if not tokens:
        if not dev:
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKEN or BAZAAR_DEPLOY_TOKENS must be set in production"
            )
        tokens["deploy"] = "dev-deploy-token"
    if len(set(tokens.values())) != len(tokens):
        raise ImproperlyConfigured("two deploy tokens are equal: each token must name one identity")
    return tokens


def parse_origins(value: str, *, setting: str) -> list[str]:
    """Comma-separated ``scheme://host[:port]`` origins, normalised (lower case, no default
    port) the way ``shell.manifest.bff_origin`` normalises a manifest's ``bff``."""
    from urllib.parse import urlsplit

    from shell.manifest import bff_origin

    origins = []
    for entry in filter(None, (e.strip() for e in value.split(","))):
        try:
            normalised = bff_origin(entry.rstrip("/"))
        except ValueError:
            normalised = None
        if normalised is None or urlsplit(entry).path not in ("", "/"):
            raise ImproperlyConfigured(
                f"{setting}: {entry!r} is not an origin like https://bff.example:8443"
            )
        origins.append(normalised)
    return origins


# Deploy tokens that CI scripts (or people) send as ``Authorization: Bearer`` to the deploy
# API, by name: {"ci": "...", "deploy": "..."} (see parse_deploy_tokens).
DEPLOY_TOKENS = parse_deploy_tokens(os.environ, dev=DEV)

# Origins (besides this site) a manifest's ``bff`` may point at. The platform sends signed-in
# users' bearer tokens to an app's BFF, so a deploy naming any other origin is refused.
# Empty (the default): BFFs must be paths on this site ("/bff/<name>/api").
BAZAAR_BFF_ORIGINS = parse_origins(
    os.environ.get("BAZAAR_BFF_ORIGINS", ""), setting="BAZAAR_BFF_ORIGINS"
)

# Origins (besides this site) that may serve the page's scripts (micro-app modules hosted
# elsewhere): the Content-Security-Policy's script-src. Empty: the shop's own origin only.
BAZAAR_SCRIPT_ORIGINS = parse_origins(
    os.environ.get("BAZAAR_SCRIPT_ORIGINS", ""), setting="BAZAAR_SCRIPT_ORIGINS"
)
# The names CI scripts written for import-map-deployer may give this deployment's import map
# (``PATCH /services?env=prod``); any other name is refused, never applied here by mistake.
BAZAAR_IMPORT_MAP_ENVS = [
    e.strip() for e in os.environ.get("BAZAAR_IMPORT_MAP_ENVS", "default").split(",") if e.strip()
]
# Dev overrides (shell/overrides.py): import-map-overrides cookies point a specifier at another
# URL for one browser. Off by default; refused in production.
BAZAAR_DEV_OVERRIDES = os.environ.get("BAZAAR_DEV_OVERRIDES", "") in ("1", "true", "yes", "on")
if BAZAAR_DEV_OVERRIDES and not DEV:
    raise ImproperlyConfigured(
        "BAZAAR_DEV_OVERRIDES may not be enabled in production (BAZAAR_ENV is not 'dev'): "
        "a cookie would let anyone run their own code on the site"
    )
# A deploy fetches each module hosted elsewhere once (shell/external.py), within this time.
BAZAAR_MODULE_FETCH_TIMEOUT_S = float(os.environ.get("BAZAAR_MODULE_FETCH_TIMEOUT_S", "10"))

# Request bodies: BFF commands are small JSON; deploys carry a release's files (20 MiB of
# files at most, base64 adds a third). Larger bodies answer 413 before a view reads them.
BAZAAR_MAX_BODY_BYTES = int(os.environ.get("BAZAAR_MAX_BODY_BYTES", str(1024 * 1024)))
BAZAAR_DEPLOY_MAX_BODY_BYTES = int(
    os.environ.get("BAZAAR_DEPLOY_MAX_BODY_BYTES", str(32 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(BAZAAR_MAX_BODY_BYTES, BAZAAR_DEPLOY_MAX_BODY_BYTES)

# /metrics needs ``Authorization: Bearer <BAZAAR_METRICS_TOKEN>`` when the token is set; in
# production without a token it is off (404), so nothing about the shop leaks by default.
BAZAAR_METRICS_TOKEN = os.environ.get("BAZAAR_METRICS_TOKEN", "")

BAZAAR_BFFS = discover_bffs(BASE_DIR / "bffs")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "ninja",
    "channels",
    "mozilla_django_oidc",
    "shell",
    *[f"bffs.{name}" for name in BAZAAR_BFFS],
    "eventhub",
]

MIDDLEWARE = [
    "shell.static_files.StaticFiles",  # answers /static/ before anything reads a session
    "shell.metrics.MetricsMiddleware",
    "shell.security.RequestSizeLimit",
    "shell.security.ContentSecurityPolicy",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shell.oidc.OIDCSessionRefresh",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The BFFs (/bff/<name>/api/) authenticate with bearer JWTs, never the session: their requests
# skip the session, CSRF, auth and OIDC-refresh middleware (shell/handler.py).
BAZAAR_BFF_MIDDLEWARE = [
    "shell.metrics.MetricsMiddleware",
    "shell.security.RequestSizeLimit",
    "shell.security.ContentSecurityPolicy",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shell.urls"
ASGI_APPLICATION = "shell.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "shell.security.csp_nonce",
            ],
        },
    },
]

DATABASES = {
    "default": database_config("shell", DATA_DIR),
    **{name: database_config(name, DATA_DIR) for name in BAZAAR_BFFS},
}
DATABASE_ROUTERS = ["bazaar.db.BffRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Event hub --------------------------------------------------------------------------------
# The embedded hub is a durable log in its own SQLite file; the worker (relay, listeners, timed
# work) runs as a thread of the web process unless BAZAAR_HUB_WORKER=off (then run
# `manage.py hub_worker` as its own process).
BAZAAR_HUB = {
    "BACKEND": "eventhub.backends.sqlite.SqliteHub",
    "PATH": Path(os.environ.get("BAZAAR_HUB_PATH", DATA_DIR / "eventhub.sqlite3")),
}
BAZAAR_HUB_WORKER = os.environ.get("BAZAAR_HUB_WORKER", "embedded")
BAZAAR_HUB_MAX_ATTEMPTS = int(os.environ.get("BAZAAR_HUB_MAX_ATTEMPTS", "5"))
BAZAAR_HUB_BACKOFF_MS = int(os.environ.get("BAZAAR_HUB_BACKOFF_MS", "200"))
# Seconds from placed to paid, paid to shipped, shipped to delivered (the demo's fulfilment).
BAZAAR_FULFILMENT_DELAYS = [
    float(s) for s in os.environ.get("BAZAAR_FULFILMENT_DELAYS", "4,6,8").split(",")
]
if len(BAZAAR_FULFILMENT_DELAYS) != 3:
    raise ImproperlyConfigured("BAZAAR_FULFILMENT_DELAYS takes three numbers of seconds")

# Live updates: the hub's "live" listener turns events into messages on topics; each topic
# keeps its newest BAZAAR_LIVE_LOG_SIZE messages for clients that resume. With REDIS_URL, the
# channel layer is Redis, so several daphne processes share the stream.
BAZAAR_HUB_EXTRA_LISTENERS = ["shell.live.listener.listener"]
BAZAAR_LIVE_LOG_SIZE = int(os.environ.get("BAZAAR_LIVE_LOG_SIZE", "500"))
BAZAAR_LIVE_POLL_SECONDS = float(os.environ.get("BAZAAR_LIVE_POLL_SECONDS", "25"))
REDIS_URL = os.environ.get("REDIS_URL", "")
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # A burst must not overflow a slow client's channel (a full channel drops), and a
            # thousand sockets subscribing at once must not run out of Redis connections
            # (redis-py's pool holds 100 by default: "Too many connections" closes sockets).
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": int(
                            os.environ.get("BAZAAR_REDIS_MAX_CONNECTIONS", "1000")
                        ),
                        # channels_redis blocks 5 s reading a channel; redis-py's socket
                        # timeout is also 5 s, so a busy loop turned that wait into an error.
                        "socket_timeout": 30,
                    }
                ],
                "capacity": 1000,
                "expiry": 60,
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True  # the apps' static folders (the shell's, ninja's docs)
WHITENOISE_AUTOREFRESH = False  # the files are known at start-up (published ones on first use)
WHITENOISE_MAX_AGE = 0  # what is not versioned revalidates
STATIC_ROOT = None  # nothing is collected: WhiteNoise serves the apps' folders (finders)
STATICFILES_DIRS: list = []

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Production runs behind TLS (a proxy that terminates it sets X-Forwarded-Proto): cookies are
# Secure, browsers are told to keep to https (HSTS), and request.is_secure() is true, so the
# OpenID Connect redirect URIs the shell builds are https://.
if not DEV:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("BAZAAR_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # The shop's public origins, e.g. "https://shop.example" (forms posted from them pass CSRF).
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("BAZAAR_PUBLIC_ORIGINS", "").split(",") if o.strip()
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BAZAAR_LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}

# How long the shell waits for a micro-app to load, bootstrap or mount before showing its
# error panel.
BAZAAR_APP_TIMEOUT_MS = int(os.environ.get("BAZAAR_APP_TIMEOUT_MS", "10000"))

# --- Identity: OpenID Connect ---------------------------------------------------------------
# Any standards-compliant provider works: set its issuer (and, if its discovery document is
# not at <issuer>/.well-known/openid-configuration, the discovery URL), the client id and
# secret, and the audience its access tokens carry. ``make dev`` runs the dev provider (idp/).
_OIDC_ISSUER = os.environ.get("BAZAAR_OIDC_ISSUER", "http://127.0.0.1:8001/o").rstrip("/")
BAZAAR_OIDC = {
    "ISSUER": _OIDC_ISSUER,
    "DISCOVERY_URL": os.environ.get(
        "BAZAAR_OIDC_DISCOVERY_URL", f"{_OIDC_ISSUER}/.well-known/openid-configuration"
    ),
    "JWKS_URL": os.environ.get("BAZAAR_OIDC_JWKS_URL", ""),
    "AUDIENCE": os.environ.get("BAZAAR_OIDC_AUDIENCE", "bazaar"),
    "ALGORITHMS": os.environ.get("BAZAAR_JWT_ALGORITHMS", "RS256,ES256").split(","),
    "LEEWAY": int(os.environ.get("BAZAAR_JWT_LEEWAY_SECONDS", "30")),
    "ROLES_CLAIM": os.environ.get("BAZAAR_OIDC_ROLES_CLAIM", "roles"),
    # The scope an access token needs for the BFFs (the provider adds the BFF audience for it).
    "API_SCOPE": os.environ.get("BAZAAR_OIDC_API_SCOPE", "bazaar"),
    # Renew the access token this long before it expires.
    "RENEW_BEFORE": int(os.environ.get("BAZAAR_TOKEN_RENEW_BEFORE_SECONDS", "60")),
}
AUTHENTICATION_BACKENDS = ["shell.oidc.OIDCBackend"]
OIDC_RP_CLIENT_ID = os.environ.get("BAZAAR_OIDC_CLIENT_ID", "bazaar-shell")
OIDC_RP_CLIENT_SECRET = _secret("BAZAAR_OIDC_CLIENT_SECRET", "bazaar-shell-dev-secret")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("BAZAAR_OIDC_SCOPES", "openid profile email bazaar")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 5
OIDC_AUTHENTICATE_CLASS = "shell.oidc.AuthenticateView"
OIDC_CALLBACK_CLASS = "shell.oidc.CallbackView"
OIDC_OP_LOGOUT_URL_METHOD = "shell.oidc.provider_logout_url"
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(os.environ.get("BAZAAR_SESSION_RENEW_SECONDS", "900"))
OIDC_EXEMPT_URLS = [
    re.compile(p)
    for p in (
        r"^/oidc/",
        r"^/api/",
        r"^/bff/",
        r"^/static/",
        r"^/live/",
        r"^/healthz$",
        r"^/metrics$",
    )
]
LOGIN_URL = "/oidc/authenticate/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
