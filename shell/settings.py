"""Settings of the shell: the page, the registry, live updates and the OpenID Connect relying
party, and in the embedded mode every BFF too (``BAZAAR_SHELL_BFFS=none`` leaves them to
processes of their own, ``bazaar.bff_settings``). What every process shares (secrets, the
hub, the channel layer, identity) comes from the platform's ``bazaar.settings_base``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from bazaar.config import env
from bazaar.db import database_config
from bazaar.discovery import discover_bffs
from bazaar.origins import parse_origins
from bazaar.settings_base import *  # noqa: F403
from bazaar.settings_base import BASE_DIR, DATA_DIR, DEV, _secret

# Where deployed micro-app versions are published (immutable, one folder per version).
PUBLISH_ROOT = env.path("BAZAAR_PUBLISH_ROOT", BASE_DIR / "static" / "apps")
NODE_MODULES = BASE_DIR / "node_modules"
# esbuild bundles each deployed version (shell/registry/bundler.py); without it versions are unbundled.
BAZAAR_BUNDLER = env.text("BAZAAR_BUNDLER", str(NODE_MODULES / ".bin" / "esbuild"))
MICROAPPS_DIR = BASE_DIR / "microapps"


# A deploy token's scope: the apps it may change, after the token's last ':' and separated by
# '+' (a character no app name, token name, ',' list or '=' pair uses); '*' (or no scope at
# all, as before scopes existed) is every app.
SCOPE_EVERY_APP = "*"
SCOPE_SEPARATOR = "+"
_SCOPED_APP = re.compile(r"@[a-z0-9][a-z0-9-]*/[a-z][a-z0-9-]*", re.ASCII)  # manifest.APP_NAME


def _deploy_token_entries(
    environ: Mapping[str, str], *, dev: bool
) -> dict[str, tuple[str, frozenset[str]]]:
    """Each deploy token by name: ``(token, scope)``. See parse_deploy_tokens."""
    entries: dict[str, tuple[str, frozenset[str]]] = {}
    every_app = frozenset({SCOPE_EVERY_APP})
    for entry in filter(
        None, (e.strip() for e in environ.get("BAZAAR_DEPLOY_TOKENS", "").split(","))
    ):
        name, equals, value = (part.strip() for part in entry.partition("="))
        token, colon, scope = value.rpartition(":") if ":" in value else (value, "", "")
        if (
            not equals
            or not token.strip()
            or not re.fullmatch(r"[A-Za-z0-9._@-]{1,100}", name, re.ASCII)
        ):
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKENS takes name=token or name=token:scope pairs separated by "
                "commas (names: letters, digits, '.', '_', '@', '-')"
            )
        if name in entries:
            raise ImproperlyConfigured(f"BAZAAR_DEPLOY_TOKENS names {name!r} twice")
        entries[name] = (token.strip(), _token_scope(name, scope) if colon else every_app)
    if environ.get("BAZAAR_DEPLOY_TOKEN"):
        if "deploy" in entries:
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKEN is the token named 'deploy': do not name another one so"
            )
        # The single token is the operator's: every app, and taken whole (no scope).
        entries["deploy"] = (environ["BAZAAR_DEPLOY_TOKEN"], every_app)
    if not entries:
        if not dev:
            raise ImproperlyConfigured(
                "BAZAAR_DEPLOY_TOKEN or BAZAAR_DEPLOY_TOKENS must be set in production"
            )
        entries["deploy"] = ("dev-deploy-token", every_app)
    if len({token for token, _ in entries.values()}) != len(entries):
        raise ImproperlyConfigured("two deploy tokens are equal: each token must name one identity")
    return entries


def _token_scope(name: str, scope: str) -> frozenset[str]:
    apps = [app.strip() for app in scope.split(SCOPE_SEPARATOR)]
    where = f"BAZAAR_DEPLOY_TOKENS: the scope of {name!r}"
    if not all(apps):
        raise ImproperlyConfigured(
            f"{where} is empty or has an empty entry: after the token's last ':' come '*' or "
            f"app names separated by '{SCOPE_SEPARATOR}' (@scope/name{SCOPE_SEPARATOR}...)"
        )
    if SCOPE_EVERY_APP in apps:
        if len(apps) > 1:
            raise ImproperlyConfigured(
                f"{where} mixes '*' and app names: '*' alone means every app"
            )
        return frozenset(apps)
    for app in apps:
        if not _SCOPED_APP.fullmatch(app):
            raise ImproperlyConfigured(
                f"{where} names {app!r}, which is not an app name ('@scope/name': lower-case "
                "letters, digits, '-'; or '*' for every app). A token containing ':' is "
                "followed by its scope: name=to:ken:*"
            )
    return frozenset(apps)


def parse_deploy_tokens(environ: Mapping[str, str], *, dev: bool) -> dict[str, str]:
    """Named deploy tokens: ``BAZAAR_DEPLOY_TOKENS="ci=tok1,alice=tok2"``, plus
    ``BAZAAR_DEPLOY_TOKEN`` as the token named ``deploy``. The name is who the registry's
    history says deployed (an ``X-Bazaar-Actor`` header is never trusted).

    A token may be limited to the apps it deploys (``parse_deploy_token_scopes``):
    ``"ci=tok1:*,reviews=tok2:@bazaar/reviews+@bazaar/ratings"``; here, the token alone."""
    return {name: token for name, (token, _) in _deploy_token_entries(environ, dev=dev).items()}


def parse_deploy_token_scopes(
    environ: Mapping[str, str], *, dev: bool
) -> dict[str, frozenset[str]]:
    """The apps each deploy token may change, by name: ``{"*"}`` for every app (a token given
    no scope, and ``BAZAAR_DEPLOY_TOKEN``), else the app names after its last ':'."""
    return {name: scope for name, (_, scope) in _deploy_token_entries(environ, dev=dev).items()}


# API, by name: {"ci": "...", "deploy": "..."} (see parse_deploy_tokens).
DEPLOY_TOKENS = parse_deploy_tokens(env.environ, dev=DEV)
# What each may change, by name: {"ci": {"*"}, "reviews": {"@bazaar/reviews"}}; a name missing
# here may change every app (as a token given no scope).
DEPLOY_TOKEN_SCOPES = parse_deploy_token_scopes(env.environ, dev=DEV)

# Origins (besides this site) a manifest's ``bff`` may point at. The platform sends signed-in
# users' bearer tokens to an app's BFF, so a deploy naming any other origin is refused.
# Empty (the default): BFFs must be paths on this site ("/bff/<name>/api").
BAZAAR_BFF_ORIGINS = parse_origins(env.text("BAZAAR_BFF_ORIGINS", ""), setting="BAZAAR_BFF_ORIGINS")

# Origins (besides this site) that may serve the page's scripts (micro-app modules hosted
# elsewhere): the Content-Security-Policy's script-src. Empty: the shop's own origin only.
BAZAAR_SCRIPT_ORIGINS = parse_origins(
    env.text("BAZAAR_SCRIPT_ORIGINS", ""), setting="BAZAAR_SCRIPT_ORIGINS"
)
# The names CI scripts written for import-map-deployer may give this deployment's import map
# (``PATCH /services?env=prod``); any other name is refused, never applied here by mistake.
BAZAAR_IMPORT_MAP_ENVS = [
    e.strip() for e in env.items("BAZAAR_IMPORT_MAP_ENVS", "default") if e.strip()
]
# Dev overrides (shell/page/overrides.py): import-map-overrides cookies point a specifier at another
# URL for one browser. Off by default; refused in production.
BAZAAR_DEV_OVERRIDES = env.text("BAZAAR_DEV_OVERRIDES", "") in ("1", "true", "yes", "on")
if BAZAAR_DEV_OVERRIDES and not DEV:
    raise ImproperlyConfigured(
        "BAZAAR_DEV_OVERRIDES may not be enabled in production (BAZAAR_ENV is not 'dev'): "
        "a cookie would let anyone run their own code on the site"
    )
# A deploy fetches each module hosted elsewhere once (shell/registry/external.py), within this time.
BAZAAR_MODULE_FETCH_TIMEOUT_S = env.number("BAZAAR_MODULE_FETCH_TIMEOUT_S", 10)
BAZAAR_MODULE_FETCHES = env.integer("BAZAAR_MODULE_FETCHES", 2)


# The BFFs this process serves under /bff/<name>/api/: every one found (the embedded mode), or
# none (BAZAAR_SHELL_BFFS=none: each is its own process, bazaar.bff_settings).
BAZAAR_SHELL_BFFS = env.text("BAZAAR_SHELL_BFFS", "all")
if BAZAAR_SHELL_BFFS not in ("all", "none"):
    raise ImproperlyConfigured("BAZAAR_SHELL_BFFS is 'all' (the default) or 'none'")
BAZAAR_BFFS = discover_bffs(BASE_DIR / "bffs") if BAZAAR_SHELL_BFFS == "all" else []

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "ninja",
    "channels",
    "mozilla_django_oidc",
    "bazaar",
    "shell",
    *[f"bffs.{name}" for name in BAZAAR_BFFS],
    "eventhub",
    "contracts",
]

MIDDLEWARE = [
    "shell.page.static_files.StaticFiles",  # answers /static/ before anything reads a session
    "bazaar.metrics.MetricsMiddleware",
    "bazaar.logs.AccessLog",
    "bazaar.http.RequestSizeLimit",
    "shell.page.security.ContentSecurityPolicy",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shell.identity.oidc.OIDCSessionRefresh",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The BFFs (/bff/<name>/api/) authenticate with bearer JWTs, never the session: their requests
# skip the session, CSRF, auth and OIDC-refresh middleware (shell/page/handler.py).
BAZAAR_BFF_MIDDLEWARE = [
    "bazaar.metrics.MetricsMiddleware",
    "bazaar.http.AllowedHosts",  # a Host not served: 400, as CommonMiddleware does elsewhere
    "bazaar.logs.AccessLog",
    "bazaar.http.RequestSizeLimit",
    "shell.page.security.ContentSecurityPolicy",
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
                "shell.page.security.csp_nonce",
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

# Live updates: the hub's "live" listener turns events into messages on topics; each topic
# keeps its newest BAZAAR_LIVE_LOG_SIZE messages for clients that resume.
BAZAAR_HUB_EXTRA_LISTENERS = ["shell.live.listener.listener"]
BAZAAR_LIVE_LOG_SIZE = env.integer("BAZAAR_LIVE_LOG_SIZE", 500)
BAZAAR_LIVE_POLL_SECONDS = env.number("BAZAAR_LIVE_POLL_SECONDS", 25)

# Deployed versions are written and read through this storage (shell/registry/release_storage.py): a
# folder by default (BAZAAR_PUBLISH_ROOT), which replicas share, or any Django storage, e.g.
# an object store: BAZAAR_RELEASES_STORAGE="storages.backends.s3.S3Storage" with its options
# as JSON in BAZAAR_RELEASES_STORAGE_OPTIONS.
try:
    _RELEASES_OPTIONS = json.loads(env.text("BAZAAR_RELEASES_STORAGE_OPTIONS", "{}"))
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"BAZAAR_RELEASES_STORAGE_OPTIONS is not JSON: {error}") from None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "bazaar_releases": {
        "BACKEND": env.text(
            "BAZAAR_RELEASES_STORAGE", "shell.registry.release_storage.ReleaseFolderStorage"
        ),
        "OPTIONS": _RELEASES_OPTIONS,
    },
}

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True  # the apps' static folders (the shell's, ninja's docs)
WHITENOISE_AUTOREFRESH = False  # the files are known at start-up (published ones on first use)
WHITENOISE_MAX_AGE = 0  # what is not versioned revalidates
STATIC_ROOT = None  # nothing is collected: WhiteNoise serves the apps' folders (finders)
STATICFILES_DIRS: list = []

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# error panel.
BAZAAR_APP_TIMEOUT_MS = env.integer("BAZAAR_APP_TIMEOUT_MS", 10000)
# What a release's route may weigh (KB, brotli: its entry and static imports as built) unless
# its manifest says otherwise; a deploy over it is refused (shell/registry/budgets.py).
BAZAAR_APP_BUDGET_KB = env.integer("BAZAAR_APP_BUDGET_KB", 60)


AUTHENTICATION_BACKENDS = ["shell.identity.oidc.OIDCBackend"]
OIDC_RP_CLIENT_ID = env.text("BAZAAR_OIDC_CLIENT_ID", "bazaar-shell")
OIDC_RP_CLIENT_SECRET = _secret("BAZAAR_OIDC_CLIENT_SECRET", "bazaar-shell-dev-secret")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env.text("BAZAAR_OIDC_SCOPES", "openid profile email bazaar")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 5
OIDC_AUTHENTICATE_CLASS = "shell.identity.oidc.AuthenticateView"
OIDC_CALLBACK_CLASS = "shell.identity.oidc.CallbackView"
OIDC_OP_LOGOUT_URL_METHOD = "shell.identity.oidc.provider_logout_url"
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env.integer("BAZAAR_SESSION_RENEW_SECONDS", 900)
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
