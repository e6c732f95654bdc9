"""The configured hub backend (``settings.BAZAAR_HUB``), one per process."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from bazaar.ops import problem
from eventhub.backends.base import Hub


@functools.cache
def get_hub() -> Hub:
    options = dict(settings.BAZAAR_HUB)
    backend = import_string(options.pop("BACKEND"))
    return backend(**{key.lower(): value for key, value in options.items()})


def health() -> str:
    """The hub's state for ``/healthz``: "ok" when its backend answers."""
    try:
        get_hub().tail(1)
        return "ok"
    except Exception as error:  # noqa: BLE001 - report, don't crash, the probe
        return problem(error)
