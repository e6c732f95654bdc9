"""Origins (``scheme://host[:port]``) as every Bazaar process reads them: in settings, in a
manifest's ``bff`` and module URLs, in a websocket's ``Origin`` header. One normal form:
lower case, without the scheme's default port."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PRINTABLE = re.compile(r"[!-~]+", re.ASCII)  # visible ASCII: no spaces or control characters
HOST = re.compile(r"[A-Za-z0-9.-]+|[0-9A-Fa-f:.]+", re.ASCII)  # a name, IPv4 or IPv6
SAME_ORIGIN_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9._~/-]*", re.ASCII)  # "/bff/cart/api"
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(scheme: str, host: str, port: int | None) -> str:
    """``scheme://host[:port]``, lower-case, without the scheme's default port."""
    default = DEFAULT_PORTS[scheme]
    suffix = f":{port}" if port is not None and port != default else ""
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host.lower()}{suffix}"


def bff_origin(url: str) -> str | None:
    """The origin a ``bff`` URL sends requests (and users' tokens) to; None for a path on this
    site. Raises ``ValueError`` for anything that is neither a clean path nor an http(s) origin
    followed by a clean path (no credentials, query or fragment)."""
    if SAME_ORIGIN_PATH.fullmatch(url):
        return None
    found = clean_url_origin(url, SAME_ORIGIN_PATH)
    if found is None:
        raise ValueError(
            "must be a path on this site ('/bff/name/api') or an http(s) URL "
            "('https://bff.example/api': no credentials, query or fragment)"
        )
    return found


def clean_url_origin(url: str, path: re.Pattern) -> str | None:
    """The origin of an http(s) URL with no credentials, query or fragment whose path
    matches ``path``; None for anything else."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    well_formed = (
        parts.scheme in ("http", "https")
        and PRINTABLE.fullmatch(url)  # urlsplit silently drops tabs and newlines
        and parts.hostname
        and HOST.fullmatch(parts.hostname)
        and not (parts.username or parts.password or parts.query or parts.fragment)
        and "?" not in url
        and "#" not in url
        and path.fullmatch(parts.path or "/")
    )
    return origin(parts.scheme, parts.hostname, port) if well_formed else None


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


def parse_origins(value: str, *, setting: str) -> list[str]:
    """Comma-separated ``scheme://host[:port]`` origins, normalised (lower case, no default
    port) the way ``bff_origin`` normalises a manifest's ``bff``."""
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
