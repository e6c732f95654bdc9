"""What real browsers report, as Prometheus metrics of the shell (``/metrics``).

Labels are bounded: ``app`` and ``version`` are those visitors get now (live releases and
canaries; anything else a browser names is ``other``), the vitals, phases and navigation kinds
are fixed sets. A hostile client cannot create time series.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 10, 20)
WEB_VITAL = Histogram(
    "bazaar_rum_web_vital_seconds",
    "Web vitals of page views (LCP, INP, FCP, TTFB), by the app owning the page",
    ["vital", "app", "navigation"],
    buckets=SECONDS,
)
CLS = Histogram(
    "bazaar_rum_cls",
    "Cumulative layout shift of page views, by the app owning the page",
    ["app", "navigation"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1),
)
APP_LOAD = Histogram(
    "bazaar_rum_app_load_seconds",
    "Time to load a micro-app's module graph in the browser",
    ["app", "version"],
    buckets=SECONDS,
)
APP_MOUNT = Histogram(
    "bazaar_rum_app_mount_seconds",
    "Time a micro-app's mount took in the browser",
    ["app", "version"],
    buckets=SECONDS,
)
APP_ERRORS = Counter(
    "bazaar_rum_app_errors_total",
    "Errors of micro-apps in real browsers: load, mount, or thrown later (runtime)",
    ["app", "version", "phase"],
)
