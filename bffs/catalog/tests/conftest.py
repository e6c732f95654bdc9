"""What the catalog's API tests share: a client of a freshly seeded catalog."""

import pytest
from django.test import Client

from bffs.catalog.seed import seed


@pytest.fixture
def client():
    seed()
    return Client(HTTP_HOST="127.0.0.1")
