"""Input that SQLite stores but PostgreSQL (the distributed mode's datastore) refuses must be
a 4xx naming the field, or fit, never a 500: a NUL or another control character in a review's
text, and an author name (from the token) longer than the column or holding a NUL.

The first tests run on the test database; the last runs the same requests on a real
PostgreSQL database with the BFF's own settings (``bazaar.bff_settings``), as the distributed
mode serves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.test import Client

from bffs.reviews.listener import listener
from bffs.reviews.models import Review
from contracts.testing import product_updated
from eventhub.testing import deliver

API = "/bff/reviews/api"
KETTLE = "kitchen-kettle-01"
ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("BAZAAR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def catalog_copy(db):
    deliver(listener, product_updated(KETTLE, name="Copper Kettle"))


def put(client, issuer, text: str, *, name: str = "Alice"):
    return client.put(
        f"{API}/items/{KETTLE}",
        {"stars": 4, "text": text},
        content_type="application/json",
        **issuer.bearer("alice", name=name),
    )


@pytest.mark.django_db(databases=["default", "reviews"])
@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "escape\x1b[31m", "del\x7f"])
def test_a_control_character_in_the_text_is_a_422_naming_it(client, issuer, catalog_copy, text):
    answer = put(client, issuer, text)
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == ["text"]
    assert "control characters" in body["detail"]
    assert not Review.objects.exists()


@pytest.mark.django_db(databases=["default", "reviews"])
def test_line_breaks_and_tabs_are_text(client, issuer, catalog_copy):
    answer = put(client, issuer, "Boils fast.\r\n\tPours well.")
    assert answer.status_code == 201, answer.content
    assert answer.json()["text"] == "Boils fast.\r\n\tPours well."


@pytest.mark.django_db(databases=["default", "reviews"])
def test_a_name_longer_than_the_author_column_is_shortened(client, issuer, catalog_copy):
    limit = Review._meta.get_field("author").max_length
    answer = put(client, issuer, "Fine.", name="N" * (limit + 80))
    assert answer.status_code == 201, answer.content
    assert answer.json()["author"] == "N" * limit


@pytest.mark.django_db(databases=["default", "reviews"])
def test_control_characters_in_the_name_are_left_out(client, issuer, catalog_copy):
    answer = put(client, issuer, "Fine.", name="Pat\x00\x1b[31m Smith")
    assert answer.status_code == 201, answer.content
    assert answer.json()["author"] == "Pat[31m Smith"


# Run by ``manage.py shell`` in a BFF process of its own on PostgreSQL.
ON_POSTGRES = """
import json
from django.test import Client
from bazaar import auth
from bazaar.testing import TestIssuer
from bffs.reviews.listener import listener
from eventhub.testing import deliver
from contracts.testing import product_updated

issuer = TestIssuer()
keys = auth.JwksCache(lambda deadline: "test://jwks")
keys.fetch = lambda deadline: issuer.jwks()
auth.JWKS = keys
deliver(listener, product_updated("kitchen-kettle-01"))
client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)

def put(text, name):
    answer = client.put(
        "/bff/reviews/api/items/kitchen-kettle-01",
        {"stars": 4, "text": text},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer " + issuer.token("pg-user", name=name),
    )
    return answer.status_code

print(json.dumps({
    "nul": put("a\\x00b", "Pat"),
    "long name": put("Fine.", "N" * 300),
    "nul in the name": put("Fine.", "Pat\\x00"),
}))
"""


def test_on_postgresql_neither_is_a_server_error(tmp_path):
    try:
        psycopg.connect(f"{PG_URL}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at {PG_URL} for this test: {error}")
    database = f"bazaar_t{uuid.uuid4().hex[:8]}_reviews"
    env = {
        **os.environ,
        "BAZAAR_ENV": "dev",
        "DJANGO_SETTINGS_MODULE": "bazaar.bff_settings",
        "BAZAAR_BFF": "reviews",
        "BAZAAR_DB_REVIEWS": f"{PG_URL}/{database}",
        "BAZAAR_DATA_DIR": str(tmp_path),
        "BAZAAR_HUB_WORKER": "off",
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    try:
        manage("migrate_datastores")
        answers = json.loads(manage("shell", "--no-imports", "-c", ON_POSTGRES).splitlines()[-1])
    finally:
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    assert answers == {"nul": 422, "long name": 201, "nul in the name": 200}
