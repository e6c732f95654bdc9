"""The platform's settings, shared by every Bazaar process: the shell (``shell.settings``),
a BFF served alone (``bazaar.bff_settings``) and the hub workers.

Configuration enters here and only here, read once from the environment. ``BAZAAR_ENV=dev``
(what ``make dev`` and ``make test`` set) allows development defaults; unset or any other value
means production: every secret must be set explicitly, and start-up fails fast without it.
What one process serves (which apps, which databases, which middleware) is its own module's.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from bazaar.config import env

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = env.text("BAZAAR_ENV", "production")  # dev defaults only when asked for
DEV = ENV == "dev"


def _secret(name: str, dev_default: str) -> str:
    value = env.text(name)
    if value:
        return value
    if DEV:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when BAZAAR_ENV={ENV!r}")


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-change-me")
DEBUG = DEV  # follows BAZAAR_ENV: never on in production
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

DATA_DIR = env.path("BAZAAR_DATA_DIR", BASE_DIR / "var" / "db")
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Worker threads each process runs its synchronous views in (bazaar.handler).
BAZAAR_REQUEST_THREADS = env.integer("BAZAAR_REQUEST_THREADS", 8, lowest=1)


# Request bodies: BFF commands are small JSON; deploys carry a release's files (20 MiB of
# files at most, base64 adds a third). Larger bodies answer 413 before a view reads them.
BAZAAR_MAX_BODY_BYTES = env.integer("BAZAAR_MAX_BODY_BYTES", 1024 * 1024)
# A browser's report to /rum (sendBeacon itself sends at most 64 KB).
BAZAAR_RUM_MAX_BODY_BYTES = env.integer("BAZAAR_RUM_MAX_BODY_BYTES", 64 * 1024)
BAZAAR_DEPLOY_MAX_BODY_BYTES = env.integer("BAZAAR_DEPLOY_MAX_BODY_BYTES", 32 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(BAZAAR_MAX_BODY_BYTES, BAZAAR_DEPLOY_MAX_BODY_BYTES)

# /metrics needs ``Authorization: Bearer <BAZAAR_METRICS_TOKEN>`` when the token is set; in
# production without a token it is off (404), so nothing about the shop leaks by default.
BAZAAR_METRICS_TOKEN = env.text("BAZAAR_METRICS_TOKEN", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The origin the shop's pages reach the BFFs at when it is not the shop's own (the distributed
# mode's gateway, e.g. https://api.shop.example): links a BFF puts in its events (a product's
# image) are absolute on it, so every other BFF can hand them on. Empty: paths on the shop.
BAZAAR_BFF_PUBLIC_URL = env.text("BAZAAR_BFF_PUBLIC_URL", "").rstrip("/")

# --- Event hub --------------------------------------------------------------------------------
# The embedded hub is a durable log in its own SQLite file; the worker (relay, listeners, timed
# work) runs as a thread of the web process unless BAZAAR_HUB_WORKER=off (then run
# `manage.py hub_worker` as its own process). ``BAZAAR_HUB_URL=redis://...`` makes it Redis
# Streams (the distributed mode): consumer groups, acknowledgements, a dead-letter stream.
# That Redis must keep what it is given (appendonly yes): it holds events not yet consumed.
BAZAAR_HUB_URL = env.text("BAZAAR_HUB_URL", "")
if BAZAAR_HUB_URL.startswith(("redis://", "rediss://", "unix://")):
    BAZAAR_HUB = {
        "BACKEND": "eventhub.backends.redis_streams.RedisStreamsHub",
        "URL": BAZAAR_HUB_URL,
        "PREFIX": env.text("BAZAAR_HUB_PREFIX", "bazaar:hub"),
        # A delivery a consumer took and never acknowledged (it died) goes to another
        # consumer of its group after this long.
        "CLAIM_IDLE_MS": env.integer("BAZAAR_HUB_CLAIM_IDLE_MS", 30000),
        # The consumer's name in its groups: stable per worker, so a restarted worker takes
        # up at once what it left pending (default: host and process id).
        "CONSUMER": env.text("BAZAAR_HUB_CONSUMER") or None,
    }
elif BAZAAR_HUB_URL:
    raise ImproperlyConfigured(f"BAZAAR_HUB_URL: {BAZAAR_HUB_URL!r} is not a redis:// URL")
else:
    BAZAAR_HUB = {
        "BACKEND": "eventhub.backends.sqlite.SqliteHub",
        "PATH": env.path("BAZAAR_HUB_PATH", DATA_DIR / "eventhub.sqlite3"),
    }
BAZAAR_HUB_WORKER = env.text("BAZAAR_HUB_WORKER", "embedded")
BAZAAR_HUB_MAX_ATTEMPTS = env.integer("BAZAAR_HUB_MAX_ATTEMPTS", 5)
BAZAAR_HUB_BACKOFF_MS = env.integer("BAZAAR_HUB_BACKOFF_MS", 200)
# Seconds from placed to paid, paid to shipped, shipped to delivered (the demo's fulfilment).
BAZAAR_FULFILMENT_DELAYS = [float(s) for s in env.items("BAZAAR_FULFILMENT_DELAYS", "4,6,8")]
if len(BAZAAR_FULFILMENT_DELAYS) != 3:
    raise ImproperlyConfigured("BAZAAR_FULFILMENT_DELAYS takes three numbers of seconds")

# Listeners of other apps than the BFFs (the shell's live updates), as dotted paths.
BAZAAR_HUB_EXTRA_LISTENERS: list[str] = []

# The channel layer: in memory (one process), or Redis with REDIS_URL, so that several
# processes share groups (the shell's replicas, the live stream).
REDIS_URL = env.text("REDIS_URL", "")


def _redis_retry():
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff

    return Retry(ExponentialBackoff(cap=0.5, base=0.05), 3)


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
                        "max_connections": env.integer("BAZAAR_REDIS_MAX_CONNECTIONS", 1000),
                        # channels_redis blocks 5 s reading a channel; redis-py's socket
                        # timeout is also 5 s, so a busy loop turned that wait into an error.
                        "socket_timeout": 30,
                        # A connection Redis dropped (a restart) is found before use (a ping
                        # when idle 5 s) and made again (retries): not an error for a socket.
                        "health_check_interval": 5,
                        "retry": _redis_retry(),
                    }
                ],
                "capacity": 1000,
                "expiry": 60,
                # Several shops (or test runs) may share one Redis: each keeps to its prefix.
                "prefix": env.text("BAZAAR_CHANNEL_PREFIX", "asgi"),
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

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
    SECURE_HSTS_SECONDS = env.integer("BAZAAR_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # The shop's public origins, e.g. "https://shop.example" (forms posted from them pass CSRF).
    CSRF_TRUSTED_ORIGINS = [o.strip() for o in env.items("BAZAAR_PUBLIC_ORIGINS", "") if o.strip()]

# --- Traces and logs (bazaar/tracing.py, bazaar/logs.py) -------------------------------------
BAZAAR_TRACING = env.flag("BAZAAR_TRACING", True)
# The share of traces begun here that are kept (a trace the browser began follows its choice).
BAZAAR_TRACE_SAMPLE = min(1.0, max(0.0, env.number("BAZAAR_TRACE_SAMPLE", 1.0 if DEV else 0.1)))
# Where spans go without an OTLP collector (OTEL_EXPORTER_OTLP_ENDPOINT): `manage.py trace`.
BAZAAR_TRACE_FILE = env.path("BAZAAR_TRACE_FILE", DATA_DIR / "traces.jsonl")
# An OpenTelemetry collector (OTLP over HTTP): spans go there instead of the file; the
# exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself.
BAZAAR_OTLP_ENDPOINT = env.text("OTEL_EXPORTER_OTLP_ENDPOINT", "")
# This process's service.name in its spans (by default "shell", or "bff-<name>").
BAZAAR_SERVICE = env.text("BAZAAR_SERVICE", "")
# Real-user monitoring: pages report their web vitals and each app's load, mount and errors
# to /rum (shell/rum/), the figures canaries are judged by. Off: pages report none.
BAZAAR_RUM = env.flag("BAZAAR_RUM", True)
# A trace viewer's page for one trace, "{traceId}" standing for its id (Jaeger:
# "http://127.0.0.1:16686/trace/{traceId}"): the outbox's developer view links there.
BAZAAR_TRACE_URL = env.text("BAZAAR_TRACE_URL", "")
if BAZAAR_TRACE_URL and (
    "{traceId}" not in BAZAAR_TRACE_URL or not BAZAAR_TRACE_URL.startswith(("http://", "https://"))
):
    raise ImproperlyConfigured("BAZAAR_TRACE_URL must be an http(s) URL with {traceId} in it")
# "json": one JSON object a line, with the trace and span ids (the default outside dev).
BAZAAR_LOG_FORMAT = env.text("BAZAAR_LOG_FORMAT", "text" if DEV else "json")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bazaar.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if BAZAAR_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.text("BAZAAR_LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}

# How long the shell waits for a micro-app to load, bootstrap or mount before showing its

# --- Identity: OpenID Connect ---------------------------------------------------------------
# Any standards-compliant provider works: set its issuer (and, if its discovery document is
# not at <issuer>/.well-known/openid-configuration, the discovery URL), the client id and
# secret, and the audience its access tokens carry. ``make dev`` runs the dev provider (idp/).
_OIDC_ISSUER = env.text("BAZAAR_OIDC_ISSUER", "http://127.0.0.1:8001/o").rstrip("/")
BAZAAR_OIDC = {
    "ISSUER": _OIDC_ISSUER,
    "DISCOVERY_URL": env.text(
        "BAZAAR_OIDC_DISCOVERY_URL", f"{_OIDC_ISSUER}/.well-known/openid-configuration"
    ),
    "JWKS_URL": env.text("BAZAAR_OIDC_JWKS_URL", ""),
    "AUDIENCE": env.text("BAZAAR_OIDC_AUDIENCE", "bazaar"),
    "ALGORITHMS": env.items("BAZAAR_JWT_ALGORITHMS", "RS256,ES256"),
    "LEEWAY": env.integer("BAZAAR_JWT_LEEWAY_SECONDS", 30),
    "ROLES_CLAIM": env.text("BAZAAR_OIDC_ROLES_CLAIM", "roles"),
    # The scope an access token needs for the BFFs (the provider adds the BFF audience for it).
    "API_SCOPE": env.text("BAZAAR_OIDC_API_SCOPE", "bazaar"),
    # The clients whose tokens the BFFs take (the token's ``azp``, else ``client_id``): the
    # shell's own by default. A token the provider minted for any other client is refused.
    "ALLOWED_CLIENTS": [
        client.strip()
        for client in (
            env.text("BAZAAR_OIDC_ALLOWED_CLIENTS")
            or env.text("BAZAAR_OIDC_CLIENT_ID")
            or "bazaar-shell"
        ).split(",")
        if client.strip()
    ],
    # Renew the access token this long before it expires.
    "RENEW_BEFORE": env.integer("BAZAAR_TOKEN_RENEW_BEFORE_SECONDS", 60),
}
