"""Front-end/BFF contracts, checked the consumer's way: what a micro-app declares it uses
(the manifest's ``uses``, shell/registry/uses.py) must be offered.

- ``uses.bff``: each operation ("POST /cart/items") must be one of its BFF's OpenAPI document,
  path parameters matching by position (``{product_id}`` and ``:id`` alike). A BFF this shell
  serves is read in process; one served elsewhere (the distributed mode's gateway) over HTTP
  (``<bff>/openapi.json``, within ``CONTRACT_FETCH_SECONDS``).
- ``uses.events``: each bus signal must be one of the platform's typed signals
  (shell/static/shell/platform/signals.js).

At deploy (``check``) a release using what is not offered is refused with a 422 naming it and
what is offered; a BFF whose document cannot be read now (not started yet, a new BFF this
shell serves after its restart) leaves the release unchecked, which the history records, and
``manage.py check_contracts`` checks every live app again once everything runs.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from shell.registry.manifest import Manifest, ManifestError
from shell.registry.uses import SIGNAL

CONTRACT_FETCH_SECONDS = 5
SIGNALS_FILE = Path(__file__).resolve().parent.parent / "static/shell/platform/signals.js"
PARAM = re.compile(r"\{[^}/]*\}|:[A-Za-z_][A-Za-z0-9_]*")
EMBEDDED = re.compile(r"/bff/([a-z0-9-]+)/api/?")
SHOWN = 12  # the offered operations a refusal lists


class Unreadable(Exception):
    """The BFF's OpenAPI document cannot be read now; the message says why."""


def normal(operation: str) -> str:
    """``GET /cart/items/{product_id}/`` -> ``GET /cart/items/{}``."""
    method, path = operation.split(" ", 1)
    return f"{method.upper()} " + (PARAM.sub("{}", path).rstrip("/") or "/")


def offered_by(bff: str) -> set[str]:
    """The operations of the BFF at ``bff``, relative to it; raises ``Unreadable``."""
    served_here = EMBEDDED.fullmatch(bff)
    if served_here and served_here.group(1) in settings.BAZAAR_BFFS:
        api = import_module(f"bffs.{served_here.group(1)}.api").api
        return _operations(api.get_openapi_schema(path_prefix=""), prefix="")
    if not bff.startswith(("http://", "https://")):
        raise Unreadable(
            f"{bff} is not served by this shell yet (it serves a new BFF once restarted)"
        )
    url = bff.rstrip("/") + "/openapi.json"
    try:
        with urllib.request.urlopen(url, timeout=CONTRACT_FETCH_SECONDS) as answer:  # noqa: S310
            document = json.loads(answer.read(4 * 1024 * 1024))
    except (OSError, ValueError, urllib.error.URLError) as error:
        raise Unreadable(f"{url} did not answer with its OpenAPI document ({error})") from None
    return _operations(document, prefix=urlsplit(bff).path.rstrip("/"))


def _operations(document: dict, *, prefix: str) -> set[str]:
    operations = set()
    for path, item in (document.get("paths") or {}).items():
        if isinstance(item, dict) and path.startswith(prefix):
            for method in item:
                if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                    operations.add(normal(f"{method} {path[len(prefix) :] or '/'}"))
    return operations


def signal_names() -> frozenset[str]:
    """The bus signals of the platform: the names in signals.js's ``signals`` table."""
    source = SIGNALS_FILE.read_text(encoding="utf-8")
    table = source.split("export const signals = Object.freeze({", 1)[1].split("});", 1)[0]
    return frozenset(re.findall(rf'"({SIGNAL.pattern})"', table))


def problems_of(manifest: Manifest) -> tuple[list[str], str | None]:
    """(what it uses that is not offered, why its BFF could not be checked, if it could not)."""
    problems, unchecked = [], None
    uses = manifest.uses
    if uses.bff and not manifest.bff:
        problems.append("uses.bff: the app names operations of a BFF but has no 'bff'")
    elif uses.bff:
        try:
            offered = offered_by(manifest.bff)
        except Unreadable as error:
            unchecked = str(error)
        else:
            missing = [op for op in uses.bff if normal(op) not in offered]
            if missing:
                listed = ", ".join(sorted(offered)[:SHOWN]) or "nothing"
                problems.append(
                    f"uses.bff: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
                    f"offered by {manifest.bff} (it offers {listed})"
                )
    signals = signal_names()
    if unknown := [name for name in uses.events if name not in signals]:
        problems.append(
            f"uses.events: {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a "
            f"signal of the platform's bus ({', '.join(sorted(signals))})"
        )
    return problems, unchecked


def check(manifests: list[Manifest]) -> list[str]:
    """Refuse (``ManifestError``) a release using what is not offered; returns what the
    history records of those whose BFF could not be checked now."""
    notes = []
    for manifest in manifests:
        problems, unchecked = problems_of(manifest)
        if problems:
            raise ManifestError("; ".join(problems) + f" ({manifest.name}@{manifest.version})")
        if unchecked:
            notes.append(f"{manifest.name}@{manifest.version}: contract unchecked, {unchecked}")
    return notes
