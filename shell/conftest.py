import pytest

from shell.registry import release_storage


@pytest.fixture(autouse=True)
def _releases_in_the_publish_root(settings, _isolated_registry):
    """The repository's conftest publishes into a temporary ``PUBLISH_ROOT``: a release folder
    the settings place elsewhere (at the real publish root) is moved there too."""
    configured = settings.STORAGES.get(release_storage.ALIAS)
    if configured is not None and "location" in configured.get("OPTIONS", {}):
        options = {**configured["OPTIONS"], "location": settings.PUBLISH_ROOT}
        settings.STORAGES = {
            **settings.STORAGES,
            release_storage.ALIAS: {**configured, "OPTIONS": options},
        }


@pytest.fixture
def unbundled(settings):
    """Deploys as on a machine without esbuild: versions are published and loaded unbundled."""
    settings.BAZAAR_BUNDLER = "/nonexistent/esbuild"


@pytest.fixture
def client():
    """Django's test client, as a browser on the shop's host reaches it."""
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")
