"""Websocket connections from this site only: the Origin header checked against the Host (and the
trusted origins), as Django's CSRF check does for forms."""

from __future__ import annotations

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

from bazaar.origins import parse_origin


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
