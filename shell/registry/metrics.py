"""The registry's own metric (every process's HTTP and hub metrics are bazaar.metrics')."""

from __future__ import annotations

from prometheus_client import Counter

DEPLOYS = Counter("bazaar_registry_revisions_total", "Registry revisions written", ["action"])
