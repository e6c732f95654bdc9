"""Event hub throughput: 10,000 events committed by a BFF and applied by a listener.

The catalog changes product prices 10,000 times (each change writes its ``product-updated``
to the outbox in the change's transaction) while the hub worker runs in a thread as in the
embedded mode: the relay moves them to the hub and the cart's listener applies them to its
copy of the catalog. Two runs: a bulk import (100 changes a transaction) and one command a
transaction (bound by Django's cost of a command on SQLite, ~1.5 ms here). Each prints events
per second end to end (first commit to last applied), the commit rate alone as its floor, their
ratio, and the cart group's consumer lag. Uses its own temporary data folder.
Goal (issue 6): at least 1,000 events/s end to end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATA = tempfile.mkdtemp(prefix="bazaar-bench-hub-")
os.environ.update(BAZAAR_ENV="dev", BAZAAR_DATA_DIR=DATA, DJANGO_SETTINGS_MODULE="shell.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from bffs.cart.listener import listener as cart_listener  # noqa: E402
from bffs.cart.models import ProductView  # noqa: E402
from bffs.catalog import services  # noqa: E402
from bffs.catalog.models import Category, Product  # noqa: E402
from bffs.catalog.trigger import trigger as catalog_trigger  # noqa: E402
from eventhub.hub import get_hub  # noqa: E402
from eventhub.registry import Units  # noqa: E402
from eventhub.worker import Worker  # noqa: E402

EVENTS = 10_000
PRODUCTS = 100


def run(worker: Worker, hub, *, per_transaction: int, offset: int) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    groups = [(cart_listener.group, cart_listener.types)]
    lags: list[int] = []
    start = time.perf_counter()
    for first in range(0, EVENTS, per_transaction):
        with transaction.atomic(using="catalog"):
            for n in range(first, first + per_transaction):
                product_id = f"bench-{n % PRODUCTS:03d}"
                services.product_update(product_id=product_id, price_cents=offset + n, actor="bench")
        if first % 1000 + per_transaction > 1000 or per_transaction >= 1000:
            lags.append(hub.lag(groups)[0].lag)
    committed = time.perf_counter() - start
    last_price = offset + EVENTS - 1
    while not ProductView.objects.filter(price_cents=last_price).exists():
        time.sleep(0.005)
    while hub.lag(groups)[0].lag:
        time.sleep(0.005)
    applied = time.perf_counter() - start
    stop.set()
    thread.join()
    rate = EVENTS / applied
    print(f"\n{per_transaction} change(s) a transaction, {EVENTS:,} events")
    print(f"  commit rate alone (floor)            {EVENTS / committed:>10,.0f} events/s")
    print(f"  end to end (commit -> cart applied)  {rate:>10,.0f} events/s")
    print(f"  end to end / commit rate             {committed / applied:>10.2f}")
    print(f"  cart lag while committing (max)      {max(lags):>10,} events")
    print(f"  cart lag at the end                  {hub.lag(groups)[0].lag:>10,} events")
    print(f"  goal >= 1,000 events/s end to end    {'met' if rate >= 1000 else 'NOT met'}")


def main() -> None:
    for alias in ("catalog", "cart"):
        call_command("migrate", database=alias, verbosity=0)
    category = Category.objects.create(slug="bench", name="Bench", description="", color="#000")
    with transaction.atomic(using="catalog"):
        for n in range(PRODUCTS):
            Product.objects.create(
                id=f"bench-{n:03d}", name=f"Bench {n}", category=category, description="",
                price_cents=100, stock=10, rating=4, timestamp=1, last_modified_by="bench",
            )
    hub = get_hub()
    worker = Worker(hub, Units(triggers=[catalog_trigger], listeners=[cart_listener]))
    worker.drain(timeout=60)  # the creations, so only the changes are timed

    run(worker, hub, per_transaction=100, offset=1_000)
    run(worker, hub, per_transaction=1, offset=100_000)


if __name__ == "__main__":
    main()
