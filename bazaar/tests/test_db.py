"""``create_database``: what ``migrate_datastores`` calls so that a BFF's PostgreSQL database
exists before its migrations run (on the machine's PostgreSQL: these tests fail, never skip,
without it)."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from bazaar.db import create_database

PG = {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": "5432"}


@pytest.fixture
def name():
    name = f"bazaar_test_db_{uuid.uuid4().hex[:10]}"
    yield name
    with psycopg.connect(
        dbname="postgres", host="127.0.0.1", port=5432, user="postgres", autocommit=True
    ) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _exists(name: str) -> bool:
    with psycopg.connect(dbname="postgres", host="127.0.0.1", port=5432, user="postgres") as db:
        return (
            db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


def test_a_missing_database_is_created_once(name):
    try:
        created = create_database({**PG, "NAME": name, "USER": "postgres"})
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at 127.0.0.1:5432 ({error})", pytrace=False)
    assert created and _exists(name)
    assert create_database({**PG, "NAME": name, "USER": "postgres"}) is False  # already there


def test_sqlite_databases_need_nothing_made():
    assert create_database({"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x.db"}) is False
