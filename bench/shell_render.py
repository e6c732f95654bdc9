"""How much the per-revision page-config cache saves when rendering the shell page.

Renders ``/`` repeatedly in one process, alternating rounds with the cache warm and with it
cleared before every request (what computing the import map per request would cost), and
prints both figures and their ratio. Run after ``make demo`` (``make bench`` does both).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shell.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from shell.registry.selectors import page_config  # noqa: E402

REQUESTS_PER_ROUND = 200
ROUNDS = 5


def render_round(client: Client, *, cold: bool) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS_PER_ROUND):
        if cold:
            page_config.cache_clear()
        response = client.get("/")
        assert response.status_code == 200
    return (time.perf_counter() - started) / REQUESTS_PER_ROUND


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/")
    warm, cold = [], []
    for _ in range(ROUNDS):  # interleaved, so machine noise hits both alike
        warm.append(render_round(client, cold=False))
        cold.append(render_round(client, cold=True))
    w, c = statistics.median(warm), statistics.median(cold)
    print(f"shell page, cached import map : {w * 1e3:7.3f} ms/request")
    print(f"shell page, computed each time: {c * 1e3:7.3f} ms/request")
    print(f"ratio (computed / cached)     : {c / w:7.2f}x")
    print("BENCH " + json.dumps({"shell_render": {"cached_ms": w * 1e3, "computed_ms": c * 1e3}}))


if __name__ == "__main__":
    main()
