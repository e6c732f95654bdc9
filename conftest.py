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
