import pytest


@pytest.fixture
def unbundled(settings):
    """Deploys as on a machine without esbuild: versions are published and loaded unbundled."""
    settings.BAZAAR_BUNDLER = "/nonexistent/esbuild"
