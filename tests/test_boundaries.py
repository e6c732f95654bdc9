"""Autonomy: no BFF imports another BFF, and each BFF's tables live only in its own
datastore (so none can read another's)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections, router

BFFS_DIR = Path(settings.BASE_DIR) / "bffs"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("bff", settings.BAZAAR_BFFS)
def test_no_bff_imports_another_bff(bff):
    others = {f"bffs.{name}" for name in settings.BAZAAR_BFFS if name != bff}
    offending = {
        (str(path.relative_to(BFFS_DIR)), module)
        for path in (BFFS_DIR / bff).rglob("*.py")
        for module in _imports(path)
        if any(module == other or module.startswith(other + ".") for other in others)
    }
    assert offending == set()


def test_there_are_several_bffs_to_keep_apart():
    assert {"catalog", "cart", "orders", "fulfilment", "wishlist"} <= set(settings.BAZAAR_BFFS)


@pytest.mark.parametrize("bff", settings.BAZAAR_BFFS)
def test_each_bff_model_is_routed_to_its_own_alias_only(bff):
    for model in apps.get_app_config(bff).get_models():
        assert router.db_for_read(model) == bff
        assert router.db_for_write(model) == bff
        for alias in settings.DATABASES:
            assert router.allow_migrate(alias, bff, model_name=model._meta.model_name) == (
                alias == bff
            )


@pytest.mark.django_db(databases=list(settings.DATABASES))
def test_each_bffs_tables_exist_in_its_own_database_and_nowhere_else():
    for bff in settings.BAZAAR_BFFS:
        tables = {m._meta.db_table for m in apps.get_app_config(bff).get_models()}
        for alias in settings.DATABASES:
            with connections[alias].cursor() as cursor:
                present = set(connections[alias].introspection.table_names(cursor))
            if alias == bff:
                assert tables <= present, f"{bff}'s tables missing from its own database"
            else:
                assert not tables & present, f"{bff}'s tables found in {alias}"
