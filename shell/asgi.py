"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os
from urllib.parse import urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shell.settings")
django.setup(set_prefix=False)

from bazaar import body_limit  # noqa: E402
from shell.handler import BazaarASGIHandler  # noqa: E402

body_limit.install()  # bodies over their limit are refused before they are read
django_asgi_app = BazaarASGIHandler()

from django.conf import settings  # noqa: E402

if settings.BAZAAR_HUB_WORKER == "embedded":
    from eventhub.worker import start_in_background  # noqa: E402

    start_in_background()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the app registry ready)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import WebsocketDenier  # noqa: E402
from django.http.request import split_domain_port, validate_host  # noqa: E402
from django.urls import path  # noqa: E402

from shell.consumers import LiveConsumer  # noqa: E402
from shell.manifest import DEFAULT_PORTS  # noqa: E402


def parse_origin(value: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of a serialized origin (``https://shop.example:8443``), with
    the scheme's default port filled in; None for ``null`` or anything that is not an origin."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


class SameOriginValidator:
    """Accepts a websocket only from the shop's own origin, compared whole (scheme, host and
    port): the origin the connection was made to (its ``Host``, which must be one of
    ``ALLOWED_HOSTS``; ``https`` when it arrived over TLS, or through a proxy that says so in
    ``SECURE_PROXY_SSL_HEADER``), or one of ``CSRF_TRUSTED_ORIGINS``. Channels'
    ``AllowedHostsOriginValidator`` compares host names only, so another port or scheme on
    the same host passed."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not self.allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)

    def allowed(self, scope) -> bool:
        headers: dict[str, list[str]] = {}
        for name, value in scope.get("headers", []):
            headers.setdefault(name.decode("latin1").lower(), []).append(value.decode("latin1"))
        origins, hosts = headers.get("origin", []), headers.get("host", [])
        if len(origins) != 1 or len(hosts) != 1:
            return False
        origin = parse_origin(origins[0])
        if origin is None or not self._allowed_host(hosts[0]):
            return False
        own = parse_origin(f"{self._scheme(scope, headers)}://{hosts[0]}")
        return origin == own or any(
            self._matches(origin, trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS
        )

    @staticmethod
    def _allowed_host(host: str) -> bool:
        allowed_hosts = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed_hosts:  # as Django does for HTTP
            allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]
        domain, _ = split_domain_port(host)
        return bool(domain) and validate_host(domain, allowed_hosts)

    @staticmethod
    def _scheme(scope, headers: dict[str, list[str]]) -> str:
        if scope.get("scheme") in ("wss", "https"):
            return "https"
        proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy_header:
            name, secure_value = proxy_header
            name = name.removeprefix("HTTP_").replace("_", "-").lower()
            values = headers.get(name, [])
            if values and values[0].split(",", 1)[0].strip() == secure_value:
                return "https"
        return "http"

    @staticmethod
    def _matches(origin: tuple[str, str, int], trusted: str) -> bool:
        """``https://shop.example`` exactly, or ``https://*.example.com`` for subdomains (the
        same patterns Django's CSRF_TRUSTED_ORIGINS takes)."""
        wildcard = "://*." in trusted
        pattern = parse_origin(trusted.replace("://*.", "://", 1) if wildcard else trusted)
        if pattern is None:
            return False
        scheme, host, port = origin
        if wildcard:
            return (scheme, port) == (pattern[0], pattern[2]) and host.endswith("." + pattern[1])
        return origin == pattern


websocket_urlpatterns = [path("ws/live/", LiveConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
