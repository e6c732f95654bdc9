"""Fixtures shared by every test in the repository."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_registry(settings, tmp_path):
    """Publish into a temporary folder, and forget page configs cached by revision number
    (test databases roll back, so numbers are reused between tests)."""
    from shell.registry.selectors import page_config

    settings.PUBLISH_ROOT = tmp_path / "published"
    page_config.cache_clear()
    yield
    page_config.cache_clear()


pytest_plugins = ["tests.live"]  # bazaar.testing is loaded early, with -p (pyproject)

# Tests that need the machine's engines, so `pytest -m "not postgres and not redis"` runs the
# suite without them: the distributed mode's, a module written for one engine, and any test
# (or parameter) named after the engine it runs on.
ENGINE_MODULES = {
    "postgres": ("tests/distributed/", "bazaar/tests/test_db.py"),
    "redis": (
        "tests/distributed/",
        "tests/test_live_redis.py",
        "eventhub/tests/test_redis_streams.py",
    ),
}
ENGINE_WORDS = {"postgres": ("postgres",), "redis": ("redis",)}


def pytest_collection_modifyitems(items):
    for item in items:
        nodeid = item.nodeid.lower()
        for marker, modules in ENGINE_MODULES.items():
            if nodeid.startswith(modules) or any(w in nodeid for w in ENGINE_WORDS[marker]):
                item.add_marker(marker)
