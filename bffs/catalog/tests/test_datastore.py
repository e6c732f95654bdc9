"""The catalog's private datastore: its tables live only in its own database."""

import pytest
from django.db import connections

from bffs.catalog.models import Category, Product

pytestmark = pytest.mark.django_db(databases=["default", "catalog"])


def _tables(alias: str) -> set[str]:
    with connections[alias].cursor() as cursor:
        return set(connections[alias].introspection.table_names(cursor))


def test_catalog_tables_exist_only_in_the_catalog_database():
    catalog_tables = {Product._meta.db_table, Category._meta.db_table}
    assert catalog_tables <= _tables("catalog")
    assert not catalog_tables & _tables("default")


def test_the_catalog_database_holds_no_shell_or_auth_tables():
    assert not {
        t for t in _tables("catalog") if t.startswith(("shell_", "auth_", "django_session"))
    }


def test_catalog_models_are_routed_to_their_own_alias():
    Category.objects.create(slug="x", name="X", description="", color="#000000")
    assert Category.objects.db == "catalog"
    with connections["catalog"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_category")
        assert cursor.fetchone()[0] == 1
