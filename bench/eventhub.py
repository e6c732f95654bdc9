"""Event hub throughput: 10,000 events committed by a BFF and applied by a listener.

The catalog changes product prices 10,000 times; each change writes its ``product-updated``
to the catalog's outbox in the change's transaction. The hub worker relays them to the hub and
the cart's listener applies them to its copy of the catalog. Runs side by side: one command
(one transaction) per change, bound by what a Django command costs on SQLite, and price-list
imports of 100 changes a transaction; each with the worker as a thread of the committing
process (the embedded default: one process, one GIL) and as its own process (``manage.py
hub_worker``, as ``BAZAAR_HUB_WORKER=off`` runs it), and for price lists also with the cart's
group beside the relays in a worker process, the other groups in another
(``hub_worker --groups cart --relay``). Each prints events per second end to end
(first commit to last applied), the commit rate alone as its floor, their ratio and the cart
group's consumer lag. Uses its own temporary data folder and production settings (DEBUG off,
as a shop runs; the secrets are throwaway values). Every listener of ``product-updated`` runs:
the cart's, orders' and wish list's copies and the live-update listener.
Goal (issue 6): at least 1,000 events/s end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="bazaar-bench-hub-")
os.environ.update(
    BAZAAR_ENV="production",
    DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
    BAZAAR_DEPLOY_TOKEN="bench-deploy-token",
    BAZAAR_OIDC_CLIENT_SECRET="bench-client-secret",
    BAZAAR_DATA_DIR=DATA,
    DJANGO_SETTINGS_MODULE="shell.settings",
    BAZAAR_LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from bffs.cart.listener import listener as cart_listener  # noqa: E402
from bffs.cart.models import ProductView  # noqa: E402
from bffs.catalog import services  # noqa: E402
from bffs.catalog.models import Category, Product  # noqa: E402
from eventhub.hub import get_hub  # noqa: E402
from eventhub.registry import units  # noqa: E402
from eventhub.worker import Worker  # noqa: E402

EVENTS = 10_000
PRODUCTS = 100
GROUPS = [(cart_listener.group, cart_listener.types)]


def in_thread():
    stop = threading.Event()
    thread = threading.Thread(target=Worker().run, args=(stop,), daemon=True)
    thread.start()

    def end():
        stop.set()
        thread.join()

    return end


def in_process():
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "hub_worker"], cwd=ROOT, stderr=subprocess.DEVNULL
    )
    time.sleep(1.5)  # let it start before the clock does

    def end():
        worker.terminate()
        worker.wait(timeout=30)

    return end


def in_processes_per_group():
    """The relays and the cart's group in one worker process, every other group in another:
    consumer groups are independent, so they scale out like this."""
    others = ",".join(g.group for g in units().listeners if g.group != cart_listener.group)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "hub_worker", "--groups", groups, *extra],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        for groups, extra in ((cart_listener.group, ["--relay"]), (others, []))
    ]
    time.sleep(1.5)

    def end():
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    return end


def one_command_each(offset: int):
    for n in range(EVENTS):
        product_id = f"bench-{n % PRODUCTS:03d}"
        services.product_update(product_id=product_id, price_cents=offset + n, actor="bench")
        yield n


def price_lists(offset: int):
    for first in range(0, EVENTS, PRODUCTS):
        prices = {f"bench-{n % PRODUCTS:03d}": offset + n for n in range(first, first + PRODUCTS)}
        services.product_prices_import(prices=prices, actor="bench")
        yield first + PRODUCTS - 1


def run(label: str, start_worker, commits, *, offset: int) -> None:
    hub = get_hub()
    end_worker = start_worker()
    lags: list[int] = []
    start = time.perf_counter()
    for n in commits(offset):
        if n % 1000 == 999:
            lags.append(hub.lag(GROUPS)[0].lag)
    committed = time.perf_counter() - start
    while not ProductView.objects.filter(price_cents=offset + EVENTS - 1).exists():
        time.sleep(0.002)
    applied = time.perf_counter() - start
    end_worker()
    rate = EVENTS / applied
    print(f"\n{label}: {EVENTS:,} events")
    print(f"  commit rate alone (floor)            {EVENTS / committed:>10,.0f} events/s")
    print(f"  end to end (commit -> cart applied)  {rate:>10,.0f} events/s")
    print(f"  end to end / commit rate             {committed / applied:>10.2f}")
    print(f"  cart lag while committing (max)      {max(lags):>10,} events")
    print(f"  cart lag at the end                  {hub.lag(GROUPS)[0].lag:>10,} events")
    print(f"  goal >= 1,000 events/s end to end    {'met' if rate >= 1000 else 'NOT met'}")
    figures = {"events_per_s": rate, "commit_per_s": EVENTS / committed}
    print("BENCH " + json.dumps({"eventhub": {label: figures}}))


def main() -> None:
    call_command("migrate_datastores", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    category = Category.objects.create(slug="bench", name="Bench", description="", color="#000")
    with transaction.atomic(using="catalog"):
        for n in range(PRODUCTS):
            Product.objects.create(
                id=f"bench-{n:03d}",
                name=f"Bench {n}",
                category=category,
                description="",
                price_cents=100,
                stock=10,
                rating=4,
                timestamp=1,
                last_modified_by="bench",
            )
    Worker().drain(timeout=60)  # the creations, so only the changes are timed
    run("one command each, worker in the web process", in_thread, one_command_each, offset=1_000)
    run("one command each, worker as its own process", in_process, one_command_each, offset=100_000)
    run("price lists of 100, worker in the web process", in_thread, price_lists, offset=200_000)
    run("price lists of 100, worker as its own process", in_process, price_lists, offset=300_000)
    run(
        "price lists of 100, worker processes: relays and cart, the other groups",
        in_processes_per_group,
        price_lists,
        offset=400_000,
    )


if __name__ == "__main__":
    main()
