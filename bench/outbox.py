"""The offline outbox in a real Chromium: 500 commands queued offline, then flushed.

A shopper signs in, goes offline and adds to the cart 500 times (10 units of each of 50
products, through ``outbox.submit`` as the cart app does). The browser goes online and the
outbox sends them, in order, one at a time. Measured: the time from "online" until the last
command is accepted, throughput, requests sent twice and commands lost (what the cart BFF
holds against what was queued).

The floor, in the same run against the same daphne: the same 500 adds sent straight from the
page with fetch, one after the other, with a token and an Idempotency-Key each (what a page
without an outbox would do online). Goal (issue 8): under 15 s, zero duplicates, zero lost.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.test_sign_in import sign_in_on_provider_form  # noqa: E402
from tests.live import CHROMIUM_ARGS, chromium_path, start_server  # noqa: E402

COMMANDS = 500
PRODUCTS = 50  # 10 units each: a cart line holds at most 99


class TempDirs:
    """What start_server needs of pytest's tmp_path_factory."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bazaar-bench-outbox-"))

    def mktemp(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=name, dir=self.root))
        return path


def cart_total(shop) -> int:
    code = (
        "from bffs.cart.models import CartLine\n"
        "print('TOTAL=%d' % sum(l.quantity for l in CartLine.objects.filter(deleted=False)))"
    )
    run = shop.manage("shell", "--no-imports", "-c", code)
    return int(next(x for x in run.stdout.splitlines() if x.startswith("TOTAL=")).split("=")[1])


def clear_cart(shop) -> None:
    code = "from bffs.cart.models import CartLine\nCartLine.objects.all().delete()"
    assert shop.manage("shell", "--no-imports", "-c", code).returncode == 0


QUEUE = """async ([products, count]) => {
  const { createBffClient, outbox } = await import("@bazaar/platform");
  const bff = createBffClient("/bff/cart/api", { auth: true });
  for (let i = 0; i < count; i++) {
    const productId = products[i % products.length];
    await outbox.submit(bff, { app: "@bazaar/cart", method: "POST", path: "/cart/items",
      body: { product_id: productId, quantity: 1 }, label: `Add ${productId}` });
  }
  return outbox.summary().pending;
}"""

FLUSHED = """async () => {
  const { outbox } = await import("@bazaar/platform");
  const { pending, syncing } = outbox.summary();
  return pending === 0 && !syncing;
}"""

FLOOR = """async ([products, count]) => {
  const { getAccessToken } = await import("@bazaar/platform");
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await fetch("/bff/cart/api/cart/items", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json",
        Authorization: `Bearer ${await getAccessToken()}`, "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ product_id: products[i % products.length], quantity: 1 }),
    });
    if (!response.ok) throw new Error(`floor: ${response.status}`);
    await response.text();
  }
  return performance.now() - started;
}"""


def main() -> None:
    shop = start_server(TempDirs(), **dict(a.split("=", 1) for a in sys.argv[1:]))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(shop.url + "/catalog")
            page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
            sign_in_on_provider_form(page, "alice", "alice-password")
            page.wait_for_url(shop.url + "/catalog")
            page.get_by_test_id("product-card").first.wait_for()
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            products = page.evaluate(
                """async (n) => (await (await fetch('/bff/catalog/api/products?page_size=' + n))
                    .json()).items.map((p) => p.id)""",
                PRODUCTS,
            )
            assert len(products) == PRODUCTS, products

            sent: list[str] = []
            context.on(
                "request",
                lambda r: (
                    r.method == "POST"
                    and "/bff/cart/api/cart/items" in r.url
                    and sent.append(r.headers.get("idempotency-key", ""))
                ),
            )

            # The floor: 500 adds straight from the page, online.
            floor_ms = page.evaluate(FLOOR, [products, COMMANDS])
            floor_total = cart_total(shop)
            clear_cart(shop)
            sent.clear()

            # The outbox: queue offline, then flush.
            context.set_offline(True)
            queued_at = time.perf_counter()
            pending = page.evaluate(QUEUE, [products, COMMANDS])
            queue_s = time.perf_counter() - queued_at
            assert pending == COMMANDS, pending
            assert sent == [], "nothing may leave while offline"
            started = time.perf_counter()
            context.set_offline(False)
            while not page.evaluate(FLUSHED):
                assert time.perf_counter() - started < 180, "the outbox did not flush in 3 min"
                time.sleep(0.05)
            flush_s = time.perf_counter() - started
            dead = page.evaluate(
                "() => import('@bazaar/platform').then(({ outbox }) => outbox.summary().dead)"
            )
            applied = cart_total(shop)
            browser.close()
    finally:
        shop.stop()

    duplicates = len(sent) - len(set(sent))
    lost = COMMANDS - applied
    figures = {
        "commands": COMMANDS,
        "queue_offline_s": round(queue_s, 2),
        "flush_s": round(flush_s, 2),
        "flush_per_s": round(COMMANDS / flush_s, 1),
        "floor_s": round(floor_ms / 1000, 2),
        "floor_per_s": round(COMMANDS / (floor_ms / 1000), 1),
        "flush_vs_floor": round(flush_s / (floor_ms / 1000), 2),
        "requests": len(sent),
        "duplicate_requests": duplicates,
        "dead_lettered": dead,
        "applied": applied,
        "lost": lost,
        "floor_applied": floor_total,
    }
    print("PendingEvent: 500 commands queued offline, then flushed (Chromium, one daphne)")
    print(f"  queue offline      {queue_s:7.2f} s")
    print(f"  flush              {flush_s:7.2f} s   {COMMANDS / flush_s:7.1f} commands/s")
    print(
        f"  floor (bare fetch) {floor_ms / 1000:7.2f} s   {COMMANDS / (floor_ms / 1000):7.1f}"
        f" commands/s   flush/floor {flush_s / (floor_ms / 1000):.2f}x"
    )
    print(f"  requests {len(sent)}, sent twice {duplicates}, dead-lettered {dead}, lost {lost}")
    print(
        f"  goal: flush < 15 s, 0 duplicates, 0 lost -> {'met' if flush_s < 15 and not duplicates and not lost else 'NOT met'}"
    )
    print("BENCH " + json.dumps({"outbox": figures}))


if __name__ == "__main__":
    main()
