"""Dev overrides: a developer points one specifier at another URL (their local dev server) on
a shared environment, and the shell renders the import map with it, for them only.

Bazaar speaks the convention of import-map-overrides (single-spa's devtool) in its server
mode, so its UI works unchanged: one cookie per module, ``import-map-override:<specifier>``,
whose value is a URL, a protocol-relative ``//host/path``, or a port number (meaning
``http://localhost:<port>/<specifier without '@', '/' as '-'>``). An overridden module has no
integrity entry, and the page's Content-Security-Policy lets scripts come from its origin.

Off unless ``BAZAAR_DEV_OVERRIDES`` is set, and refused in production settings: on a
production site a cookie would let anyone who can set one run their own code there.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest

from shell.registry.manifest import module_origin

COOKIE_PREFIX = "import-map-override:"
PORT = re.compile(r"[0-9]{1,5}", re.ASCII)


def requested(request: HttpRequest) -> dict[str, str]:
    """The overrides this request's cookies ask for (specifier -> URL), if they are enabled.
    Values that are not a URL or a port are ignored."""
    if not settings.BAZAAR_DEV_OVERRIDES:
        return {}
    overrides = {}
    for name, value in request.COOKIES.items():
        specifier = name[len(COOKIE_PREFIX) :] if name.startswith(COOKIE_PREFIX) else ""
        url = override_url(unquote(value), specifier, request.scheme)
        if specifier and url:
            overrides[specifier] = url
    return dict(sorted(overrides.items()))


def override_url(value: str, specifier: str, scheme: str) -> str | None:
    if PORT.fullmatch(value):
        file_name = specifier.replace("@", "").replace("/", "-")
        value = f"{scheme}://localhost:{value}/{file_name}"
    elif value.startswith("//"):
        value = f"{scheme}:{value}"
    try:
        module_origin(value)
    except ValueError:
        return None
    return value


def apply(importmap: dict, overrides: dict[str, str]) -> dict:
    """``importmap`` with ``overrides``: their URLs, and no integrity entry for the modules
    they replace (an overridden module is whatever the developer's server answers)."""
    replaced = {importmap["imports"].get(specifier) for specifier in overrides}
    return {
        **importmap,
        "imports": {**importmap["imports"], **overrides},
        "integrity": {u: d for u, d in importmap["integrity"].items() if u not in replaced},
    }


def origins(overrides: dict[str, str]) -> list[str]:
    """The origins the page must let scripts come from."""
    return sorted({module_origin(url) for url in overrides.values()})
