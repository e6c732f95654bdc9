"""HTTP throughput and cold load, each beside a floor measured in the same run.

Servers (daphne, the same Django), each on its own data folder:
- the shop, as ``make dev`` serves it (embedded mode), with the demo's micro-apps deployed;
- floor "bare": the same Django with no middleware (bench/floor_bare.py);
- floor "django": the middleware ``startproject`` generates (bench/floor_django.py);
- for search at scale: the shop and the bare floor again over a catalog of 10,000 products.

Figures (wrk, 1 thread, 16 connections, 5 s; the median of 3 rounds, interleaved so that the
machine's noise hits every server alike):
- the shell page ``/`` beside the same bytes from a floor view;
- catalog search ``/bff/catalog/api/products?q=wool&page_size=24`` beside the same query and
  JSON from a plain ``JsonResponse`` view, at 216 and at 10,000 products;
- cold load in Chromium (no cache): navigation to the first product price visible on a
  product page and on ``/``, with the service worker blocked and as a first visit has it,
  and the JavaScript transferred before it, beside a static page that fetches the same
  product and shows its price with one module.

Prints a table and a ``BENCH {json}`` line. Needs ``wrk`` (``make bench`` installs Debian's).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402

PYTHON = sys.executable
DAPHNE = str(Path(sys.executable).parent / "daphne")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
SEARCH = "q=wool&page_size=24"
LARGE_CATALOG = 10_000
# The cold loads measured, as the tables name them.
COLD_LOADS = {
    "product": "product page, no service worker",
    "home": "home page /, no service worker",
    "product_first_visit": "product page, first visit (worker)",
    "home_first_visit": "home page /, first visit (worker)",
}
HUB_DRAIN = ["hub_worker", "--drain"]


class Server:
    def __init__(self, name: str, application: str, env: dict) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(env["BAZAAR_DATA_DIR"]).parent / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), application],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # up (a floor has no /healthz)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start: see {self.log.name}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still finishing a request: it is only a bench
            self.process.kill()
            self.process.wait()
        self.log.close()


def extra_apps(count: int) -> list[str]:
    """Manifests of ``count`` small micro-apps, each with a route and a footer link."""
    folder = Path(tempfile.mkdtemp(prefix="bazaar-bench-apps-"))
    manifests = []
    for n in range(1, count + 1):
        app = folder / f"extra-{n}"
        (app / "src").mkdir(parents=True)
        (app / "src" / "main.js").write_text(
            "export async function bootstrap() {}\nexport async function mount() {}\n"
            "export async function unmount() {}\n"
        )
        manifest = {
            "name": f"@bazaar/extra-{n}",
            "version": "1.0.0",
            "entry": "src/main.js",
            "routes": [{"path": f"/extra-{n}"}],
            "mountPoints": {"footer": [{"label": f"Extra {n}", "href": f"/extra-{n}"}]},
            "bff": None,
            "config": {"title": f"Extra {n}"},
        }
        (app / "manifest.json").write_text(json.dumps(manifest))
        manifests.append(str(app / "manifest.json"))
    return manifests


def data_folder(products: int | None, apps: list[str] | None = None, **settings: str) -> dict:
    """A migrated, seeded data folder with micro-apps deployed (the demo's by default); its
    environment."""
    folder = Path(tempfile.mkdtemp(prefix="bazaar-bench-http-"))
    env = {
        **os.environ,
        "BAZAAR_ENV": "dev",
        "BAZAAR_DATA_DIR": str(folder / "db"),
        "BAZAAR_PUBLISH_ROOT": str(folder / "published"),
        "BAZAAR_HUB_WORKER": "embedded",
        "BAZAAR_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "shell.settings",
        "PYTHONUNBUFFERED": "1",
        # Traces kept at the production default (dev keeps every one).
        "BAZAAR_TRACE_SAMPLE": "0.1",
        **settings,
    }
    seed = ["seed_demo", *(["--products", str(products)] if products else [])]
    demo = [str(p) for p in sorted(ROOT.glob("microapps/*/manifest.json"))]
    manifests = demo if apps is None else apps
    # The seed's events are applied before anything is measured (a backlog would compete
    # with the requests for the CPU, which no visitor of a running shop sees).
    commands = (["migrate_datastores"], seed, ["deploy_microapp", *manifests], HUB_DRAIN)
    for command in commands:
        run = subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stdout + run.stderr
    return env


def floor_env(env: dict, settings: str, page_file: Path) -> dict:
    return {**env, "DJANGO_SETTINGS_MODULE": settings, "BENCH_PAGE_FILE": str(page_file)}


def wrk(url: str) -> float:
    run = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{SECONDS}s", url], capture_output=True, text=True, check=True
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
    assert not errors, f"{url}: {errors.group(0)}"
    return float(re.search(r"Requests/sec:\s+([\d.]+)", run.stdout).group(1))


def interleaved(targets: dict[str, str]) -> dict[str, float]:
    """The median req/s of each target over ROUNDS rounds, taken in turn."""
    results: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(ROUNDS):
        for name, url in targets.items():
            results[name].append(wrk(url))
    return {name: statistics.median(values) for name, values in results.items()}


COLD_LOAD_PROBE = """
(() => {
  // Every shadow root the page attaches is remembered, so that each frame looks into them
  // without walking the whole tree (a walk per frame would slow the page it measures).
  const roots = [document];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  };
  const look = () => {
    for (const root of roots) {
      const price = root.querySelector('[data-testid="product-price"]');
      if (price && /\\d/.test(price.textContent)) { window.__priceShownAt = performance.now(); return; }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""

JS_BEFORE = """() => {
  const at = window.__priceShownAt;
  const scripts = performance.getEntriesByType("resource")
    .filter((e) => e.startTime < at && (e.initiatorType === "script" || /\\.m?js(\\?|$)/.test(e.name)));
  return { at, bytes: scripts.reduce((n, e) => n + e.transferSize, 0), requests: scripts.length };
}"""


def cold_loads(targets: dict[str, tuple[str, str]], runs: int = 5) -> dict[str, dict]:
    """Each target (name -> (url, service workers "block" or "allow")) loaded ``runs`` times
    in a fresh browser context, the targets taken in turn so that the machine's noise hits
    them alike: the median time to the first product price and the JavaScript fetched before."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[dict]] = {name: [] for name in targets}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for run in range(runs + 1):
            for name, (url, service_workers) in targets.items():
                context = browser.new_context(service_workers=service_workers)
                page = context.new_page()
                page.add_init_script(COLD_LOAD_PROBE)
                page.goto(url)
                page.wait_for_function("() => window.__priceShownAt !== undefined", timeout=30_000)
                if run:  # the first round warms the browser process up (caches are per context)
                    samples[name].append(page.evaluate(JS_BEFORE))
                context.close()
        browser.close()
    return {
        name: {
            "ms": statistics.median(s["at"] for s in runs_of),
            "js_kb": statistics.median(s["bytes"] for s in runs_of) / 1024,
            "js_requests": statistics.median(s["requests"] for s in runs_of),
        }
        for name, runs_of in samples.items()
    }


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    servers: list[Server] = []
    try:
        env = data_folder(None)
        shop = Server("shop", "shell.asgi:application", env)
        servers.append(shop)
        page_file = Path(env["BAZAAR_DATA_DIR"]).parent / "page.html"
        with urllib.request.urlopen(shop.url + "/") as response:
            page_file.write_bytes(response.read())
        bare = Server(
            "floor-bare",
            "bench.floor_asgi:application",
            floor_env(env, "bench.floor_bare", page_file),
        )
        stack = Server(
            "floor-django",
            "bench.floor_asgi:application",
            floor_env(env, "bench.floor_django", page_file),
        )
        servers += [bare, stack]
        large_env = data_folder(LARGE_CATALOG)
        shop_large = Server("shop-10k", "shell.asgi:application", large_env)
        bare_large = Server(
            "floor-bare-10k",
            "bench.floor_asgi:application",
            floor_env(large_env, "bench.floor_bare", page_file),
        )
        servers += [shop_large, bare_large]
        two = [str(ROOT / "microapps" / name / "manifest.json") for name in ("catalog", "cart")]
        shop_two = Server("shop-2-apps", "shell.asgi:application", data_folder(None, two))
        shop_twenty = Server(
            "shop-20-apps", "shell.asgi:application", data_folder(None, two + extra_apps(18))
        )
        servers += [shop_two, shop_twenty]
        untraced = Server(
            "shop-untraced",
            "shell.asgi:application",
            data_folder(None, BAZAAR_TRACING="off", BAZAAR_RUM="off"),
        )
        servers.append(untraced)

        rates = interleaved(
            {
                "page": shop.url + "/",
                "page_bare": bare.url + "/page",
                "page_django": stack.url + "/page",
                "search": f"{shop.url}/bff/catalog/api/products?{SEARCH}",
                "search_bare": f"{bare.url}/products?{SEARCH}",
                "search_django": f"{stack.url}/products?{SEARCH}",
                "search_drf": f"{stack.url}/drf/products?{SEARCH}",
                "search_10k": f"{shop_large.url}/bff/catalog/api/products?{SEARCH}",
                "search_10k_bare": f"{bare_large.url}/products?{SEARCH}",
                "page_2_apps": shop_two.url + "/",
                "page_20_apps": shop_twenty.url + "/",
                "page_untraced": untraced.url + "/",
                "search_untraced": f"{untraced.url}/bff/catalog/api/products?{SEARCH}",
            }
        )
        with urllib.request.urlopen(f"{shop.url}/bff/catalog/api/products?page_size=1") as r:
            product_id = json.load(r)["items"][0]["id"]
        product_page = f"{shop.url}/catalog/p/{product_id}"
        loads = cold_loads(
            {
                "product": (product_page, "block"),
                "home": (shop.url + "/", "block"),
                "product_first_visit": (product_page, "allow"),
                "home_first_visit": (shop.url + "/", "allow"),
                "floor": (f"{bare.url}/first-product.html?id={product_id}", "block"),
            }
        )
    finally:
        for server in servers:
            server.stop()

    rows = [
        ("shell page /, req/s", rates["page"], rates["page_django"], "django floor", ">= 0.85x"),
        ("  (beside the bare floor)", rates["page"], rates["page_bare"], "bare floor", ""),
        ("catalog search, req/s", rates["search"], rates["search_bare"], "bare floor", ">= 0.9x"),
        (
            "  (beside the django floor)",
            rates["search"],
            rates["search_django"],
            "django floor",
            "",
        ),
        (
            "  (beside a DRF ModelSerializer view)",
            rates["search"],
            rates["search_drf"],
            "DRF",
            "faster",
        ),
        (
            "search at 10,000 products, req/s",
            rates["search_10k"],
            rates["search_10k_bare"],
            "bare floor",
            ">= 0.9x",
        ),
        ("shell page, 20 apps, req/s", rates["page_20_apps"], rates["page_2_apps"], "2 apps", ""),
        (
            "shell page, tracing (10 %) and RUM on",
            rates["page"],
            rates["page_untraced"],
            "both off",
            ">= 0.95x",
        ),
        (
            "catalog search, tracing (10 %) and RUM on",
            rates["search"],
            rates["search_untraced"],
            "both off",
            ">= 0.95x",
        ),
    ]
    print(f"HTTP (wrk -t1 -c16 -d{SECONDS}s, median of {ROUNDS} interleaved rounds)")
    print(f"  {'what':36} {'shop':>9} {'floor':>9} {'ratio':>7}  goal")
    for label, value, floor, floor_name, goal in rows:
        print(
            f"  {label:36} {value:9.0f} {floor:9.0f} {value / floor:6.2f}x  {goal} ({floor_name})"
        )
    floor_ms = loads["floor"]["ms"]
    print(
        "Cold load in Chromium (no cache), first product price shown, median of 5, beside a "
        f"static page that fetches the product and shows its price: {floor_ms:.0f} ms"
    )
    for name, label in COLD_LOADS.items():
        load = loads[name]
        print(
            f"  {label:36} {load['ms']:7.0f} ms {load['ms'] / floor_ms:6.2f}x  goal <= 2.5x"
            f"   (JavaScript {load['js_kb']:.1f} KB in {load['js_requests']:.0f} requests,"
            " goal <= 80 KB)"
        )
    figures = {
        "http": {name: round(value, 1) for name, value in rates.items()},
        "cold_load": loads,
    }
    print("BENCH " + json.dumps(figures))


if __name__ == "__main__":
    main()
