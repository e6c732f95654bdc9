"""``make bench``: every benchmark, then one table of every figure beside its floor.

Runs each benchmark script in turn (their own output scrolls by), collects the ``BENCH {json}``
line each prints, prints one table and writes it all to ``var/bench.json``.
``BENCH_ONLY=web,outbox`` runs some of them.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["shell_render", "web", "lighthouse", "eventhub", "live", "outbox"]


def merge(into: dict, more: dict) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


def child(*args: str) -> tuple[list[dict], int]:
    """Run a bench script (``python <args>``), passing its output through; returns the
    figures of its ``BENCH {...}`` lines and its exit code."""
    figures = []
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:
        if line.startswith("BENCH "):
            figures.append(json.loads(line.removeprefix("BENCH ")))
        else:
            print(line, end="", flush=True)
    return figures, process.wait()


def run(script: str, results: dict) -> None:
    print(f"\n=== bench/{script}.py", flush=True)
    figures, code = child(str(ROOT / "bench" / f"{script}.py"))
    for more in figures:
        merge(results, more)
    if code != 0:
        results.setdefault("failed", []).append(script)


def row(what, value, floor, unit, goal, met):
    ratio = f"{value / floor:5.2f}x" if floor else "     "
    floor_text = f"{floor:10,.1f}" if floor is not None else " " * 10
    mark = "" if met is None else ("met" if met else "NOT met")
    return f"{what:44} {value:10,.1f} {floor_text} {ratio}  {unit:10} {goal:22} {mark}"


def table(r: dict) -> list[str]:
    lines = []
    if "http" in r:
        h = r["http"]
        lines += [
            row(
                "shell page / vs django floor",
                h["page"],
                h["page_django"],
                "req/s",
                ">= 0.85x",
                h["page"] / h["page_django"] >= 0.85,
            ),
            row("shell page / vs bare floor", h["page"], h["page_bare"], "req/s", "", None),
            row(
                "shell page, tracing and RUM on vs off",
                h["page"],
                h["page_untraced"],
                "req/s",
                ">= 0.95x",
                h["page"] / h["page_untraced"] >= 0.95,
            ),
            row(
                "catalog search, tracing and RUM on vs off",
                h["search"],
                h["search_untraced"],
                "req/s",
                ">= 0.95x",
                h["search"] / h["search_untraced"] >= 0.95,
            ),
            row(
                "shell page, 20 apps vs 2 apps",
                h["page_20_apps"],
                h["page_2_apps"],
                "req/s",
                "",
                None,
            ),
            row(
                "catalog search vs bare floor",
                h["search"],
                h["search_bare"],
                "req/s",
                ">= 0.9x",
                h["search"] / h["search_bare"] >= 0.9,
            ),
            row(
                "catalog search vs django floor", h["search"], h["search_django"], "req/s", "", None
            ),
            row(
                "catalog search vs DRF ModelSerializer view",
                h["search"],
                h["search_drf"],
                "req/s",
                "faster",
                h["search"] > h["search_drf"],
            ),
            row(
                "search, 10,000 products vs bare floor",
                h["search_10k"],
                h["search_10k_bare"],
                "req/s",
                ">= 0.9x",
                h["search_10k"] / h["search_10k_bare"] >= 0.9,
            ),
        ]
    if "cold_load" in r:
        loads = r["cold_load"]
        floor = loads["floor"]["ms"]
        from web import COLD_LOADS  # bench/web.py, beside this script

        for name, label in COLD_LOADS.items():
            load = loads[name]
            lines.append(
                row(
                    f"cold: {label}"[:44],
                    load["ms"],
                    floor,
                    "ms",
                    "<= 2.5x static page",
                    load["ms"] <= 2.5 * floor,
                )
            )
        lines.append(
            row(
                "cold: JavaScript before it, product page",
                loads["product"]["js_kb"],
                None,
                "KB",
                "<= 80 KB",
                loads["product"]["js_kb"] <= 80,
            )
        )
    for page, lh in r.get("lighthouse", {}).items():
        if page == "floor":
            continue
        floor = r["lighthouse"].get("floor", {})
        lines += [
            row(
                f"lighthouse {page}: performance",
                lh["performance"],
                floor.get("performance"),
                "score",
                "",
                None,
            ),
            row(
                f"lighthouse {page}: accessibility",
                lh["accessibility"],
                None,
                "score",
                "100",
                lh["accessibility"] >= 100,
            ),
            row(f"lighthouse {page}: LCP", lh["lcp_ms"], floor.get("lcp_ms"), "ms", "", None),
            row(f"lighthouse {page}: CLS", lh["cls"], None, "", "< 0.05", lh["cls"] < 0.05),
            row(f"lighthouse {page}: TBT", lh["tbt_ms"], floor.get("tbt_ms"), "ms", "", None),
        ]
    if "shell_render" in r:
        s = r["shell_render"]
        lines.append(
            row(
                "shell render, cached vs computed config",
                s["cached_ms"],
                s["computed_ms"],
                "ms",
                "",
                None,
            )
        )
    hub = r.get("eventhub", {})
    # A backend's goal is judged on its best scenario (one command a transaction is bound by
    # the commit rate, its floor: the ratio tells how close it gets).
    best = {}
    for label, e in hub.items():
        backend = label.partition(":")[0]
        if backend not in best or e["events_per_s"] > hub[best[backend]]["events_per_s"]:
            best[backend] = label
    for label, e in hub.items():
        judged = label in best.values() and "goal_per_s" in e
        lines.append(
            row(
                f"event hub: {label[:32]}",
                e["events_per_s"],
                e["commit_per_s"],
                "events/s",
                f">= {e['goal_per_s']:,} end to end" if judged else "",
                e["events_per_s"] >= e["goal_per_s"] if judged else None,
            )
        )
    for count, lv in r.get("live", {}).items():
        ok = lv["p99_ms"] <= 1.5 * lv["floor_p99_ms"] and lv["lost"] == 0
        lines.append(
            row(
                f"live p99, {count} clients vs group_send",
                lv["p99_ms"],
                lv["floor_p99_ms"],
                "ms",
                "<= 1.5x, 0 lost",
                ok,
            )
        )
    if "outbox" in r:
        o = r["outbox"]
        ok = o["flush_s"] < 15 and o["duplicate_requests"] == 0 and o["lost"] == 0
        lines.append(
            row(
                "outbox: 500 offline commands flushed vs fetch",
                o["flush_s"],
                o["floor_s"],
                "s",
                "< 15 s, 0 dup, 0 lost",
                ok,
            )
        )
    return lines


def main() -> None:
    os.environ.setdefault("BAZAAR_ENV", "dev")  # as make sets it
    only = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
    results: dict = {}
    for script in only or SCRIPTS:
        run(script, results)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results["measured"] = {"at": time.strftime("%Y-%m-%d %H:%M"), "machine": machine}
    print(f"\n=== Bazaar benchmarks ({machine}, {results['measured']['at']})")
    print(f"{'what':44} {'value':>10} {'floor':>10} {'ratio':>6}  {'unit':10} {'goal':22}")
    for line in table(results):
        print(line)
    if results.get("failed"):
        print(f"failed: {', '.join(results['failed'])}")
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"(all figures in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
