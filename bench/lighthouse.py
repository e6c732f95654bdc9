"""Lighthouse (pinned, run against Debian's Chromium) on the storefront's pages beside a floor.

Pages: ``/``, a product page and a search, as ``make dev`` serves them (embedded mode, the
demo's micro-apps); the floor is a static page that fetches the same product and shows its
price, on the same daphne. Lighthouse's default: a mobile device, simulated slow 4G and CPU
throttling, a cold cache. Prints performance and accessibility scores with LCP, CLS and TBT,
the median of ``BENCH_LIGHTHOUSE_RUNS`` runs (3), and a ``BENCH {json}`` line.

``make bench`` installs ``lighthouse@12.2.3`` under ``var/bench-tools`` (Lighthouse 13 needs
Node 22); ``LIGHTHOUSE`` names another binary.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import Server, data_folder, floor_env  # noqa: E402
from tests.live import CHROMIUM_ARGS, chromium_path  # noqa: E402

LIGHTHOUSE = os.environ.get(
    "LIGHTHOUSE", str(ROOT / "var" / "bench-tools" / "node_modules" / ".bin" / "lighthouse")
)
RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))


def audit(url: str, attempts: int = 3) -> dict:
    """One Lighthouse run of ``url``: its scores (0–100) and metrics. Lighthouse sometimes
    fails to record its trace ("NO_NAVSTART", "run Lighthouse again"): it is run again."""
    for attempt in range(1, attempts + 1):
        try:
            return audit_once(url)
        except RuntimeError as error:
            if attempt == attempts or "Lighthouse again" not in str(error):
                raise
            print(f"  (lighthouse: {str(error).splitlines()[-1][:120]}; again)", flush=True)
    raise AssertionError("unreachable")


def audit_once(url: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bazaar-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
        run = subprocess.run(
            [
                LIGHTHOUSE,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility",
                f"--chrome-flags={flags}",
            ],
            env={**os.environ, "CHROME_PATH": chromium_path()},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
        result = json.loads(report.read_text())
    audits, categories = result["audits"], result["categories"]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failed_accessibility": sorted(
            ref["id"]
            for ref in categories["accessibility"]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ),
    }


def median_of(runs: list[dict]) -> dict:
    figures = {
        key: statistics.median(r[key] for r in runs)
        for key in runs[0]
        if key != "failed_accessibility"
    }
    figures["failed_accessibility"] = sorted({a for r in runs for a in r["failed_accessibility"]})
    return figures


def main() -> None:
    if not Path(LIGHTHOUSE).exists():
        sys.exit(f"{LIGHTHOUSE} is missing: `make bench` installs lighthouse@12.2.3")
    servers = []
    try:
        env = data_folder(None)
        shop = Server("shop", "shell.asgi:application", env)
        servers.append(shop)
        page_file = Path(env["BAZAAR_DATA_DIR"]).parent / "page.html"
        page_file.write_bytes(b"")
        bare = Server(
            "floor-bare",
            "bench.floor_asgi:application",
            floor_env(env, "bench.floor_bare", page_file),
        )
        servers.append(bare)
        with urllib.request.urlopen(f"{shop.url}/bff/catalog/api/products?page_size=1") as r:
            product_id = json.load(r)["items"][0]["id"]
        pages = {
            "/": f"{shop.url}/",
            "product": f"{shop.url}/catalog/p/{product_id}",
            "search": f"{shop.url}/catalog?q=wool",
            "floor": f"{bare.url}/first-product.html?id={product_id}",
        }
        runs: dict[str, list[dict]] = {name: [] for name in pages}
        for _ in range(RUNS):  # in turn, so that the machine's noise hits every page alike
            for name, url in pages.items():
                runs[name].append(audit(url))
    finally:
        for server in servers:
            server.stop()

    figures = {name: median_of(results) for name, results in runs.items()}
    floor = figures["floor"]
    print(f"Lighthouse 12.2.3 (mobile, simulated throttling), median of {RUNS}")
    print(f"  {'page':10} {'perf':>5} {'a11y':>5} {'LCP ms':>8} {'CLS':>6} {'TBT ms':>7}")
    for name, f in figures.items():
        print(
            f"  {name:10} {f['performance']:5.0f} {f['accessibility']:5.0f} {f['lcp_ms']:8.0f}"
            f" {f['cls']:6.3f} {f['tbt_ms']:7.0f}"
            + (f"   LCP {f['lcp_ms'] / floor['lcp_ms']:.2f}x the floor" if name != "floor" else "")
            + (
                f"   failing: {', '.join(f['failed_accessibility'])}"
                if f["failed_accessibility"]
                else ""
            )
        )
    print("BENCH " + json.dumps({"lighthouse": figures}))


if __name__ == "__main__":
    main()
