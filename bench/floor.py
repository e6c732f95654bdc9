"""The floors the shop is measured against: the same Django, served by the same daphne.

Settings of a Django project with the shop's apps and datastores (so the same catalog query
can run) but none of its middleware, views or handler; ``floor_bare`` adds no middleware at
all, ``floor_django`` the stack ``startproject`` generates. Its views:

- ``/page``: the shop's page as of start-up, as fixed bytes (``BENCH_PAGE_FILE``);
- ``/products``: the catalog's search, the same query and the same JSON as the catalog BFF,
  from a plain ``JsonResponse`` view;
- ``/first-product.html``: a static page with one module that fetches a product's JSON and
  shows its price (the cold-load floor).
"""

from __future__ import annotations

import os
from pathlib import Path

from shell.settings import *  # noqa: F403 - the shop's apps, datastores and secrets

ROOT_URLCONF = "bench.floor_urls"
MIDDLEWARE: list[str] = []
PAGE_FILE = Path(os.environ.get("BENCH_PAGE_FILE", "/dev/null"))
