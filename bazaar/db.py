"""Private datastores: one database alias per BFF.

Each BFF's models live in a database named after the BFF (its app label). By default that is
its own SQLite file under ``var/db/``; ``BAZAAR_DB_<NAME>`` (a database URL) points it at
PostgreSQL or anything else Django supports. The router below pins every BFF app to its
alias, so one BFF can never read or write another's tables, and the shell's registry stays
in ``default``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from bazaar.config import env


def database_config(alias: str, data_dir: Path) -> dict:
    """The DATABASES entry for ``alias``: ``BAZAAR_DB_<ALIAS>`` if set, else a SQLite file."""
    url = env.text(f"BAZAAR_DB_{alias.upper()}")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": data_dir / f"{alias}.sqlite3",
        "CONN_MAX_AGE": None,  # a file: kept open by each request thread (shell/page/handler.py)
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


class BffRouter:
    """Route each BFF app's models to the database alias of the same name.

    ``bff_labels`` are the app labels of the BFFs; every other app (auth, sessions, the
    registry) uses ``default``, and never migrates into a BFF's database.
    """

    def __init__(self) -> None:
        from django.conf import settings

        self.bff_labels = set(settings.BAZAAR_BFFS)

    def _alias(self, model) -> str:
        label = model._meta.app_label
        return label if label in self.bff_labels else "default"

    def db_for_read(self, model, **hints) -> str:
        return self._alias(model)

    def db_for_write(self, model, **hints) -> str:
        return self._alias(model)

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return self._alias(type(obj1)) == self._alias(type(obj2))

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        if app_label in self.bff_labels:
            return db == app_label
        return db == "default"


def create_database(config: dict) -> bool:
    """Create a PostgreSQL database named in ``config`` if the server does not have it yet
    (SQLite files appear by themselves). Returns whether it was created."""
    if "postgresql" not in config.get("ENGINE", ""):
        return False
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        **config.get("OPTIONS", {}),
    }
    params = {key: value for key, value in params.items() if value is not None}
    name = config["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # another process created it meanwhile
            return False
    return True
