"""The configured hub backend (``settings.BAZAAR_HUB``), one per process."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from eventhub.backends.base import Hub


@functools.cache
def get_hub() -> Hub:
    options = dict(settings.BAZAAR_HUB)
    backend = import_string(options.pop("BACKEND"))
    return backend(**{key.lower(): value for key, value in options.items()})
