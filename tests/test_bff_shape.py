"""One BFF shape (docs/bff-shape.md), checked for every BFF, the scaffold's included: the same
files in the same roles, so a team reading another team's BFF finds each thing where its own
is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BFFS = sorted(p.name for p in (ROOT / "bffs").iterdir() if (p / "apps.py").is_file())
REQUIRED = (
    "__init__.py",
    "apps.py",
    "api.py",
    "schemas.py",
    "models.py",
    "services.py",
    "selectors.py",
    "migrations/__init__.py",
)
WRITES = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def _tree(bff: str, module: str) -> ast.Module:
    return ast.parse((ROOT / "bffs" / bff / module).read_text())


def _calls(tree: ast.AST) -> set[str]:
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def test_every_bff_is_found():
    assert set(BFFS) >= {"catalog", "cart", "orders", "fulfilment", "reviews", "wishlist"}


@pytest.mark.parametrize("bff", BFFS)
def test_a_bff_has_every_file_of_the_shape(bff):
    missing = [name for name in REQUIRED if not (ROOT / "bffs" / bff / name).is_file()]
    assert missing == []
    assert list((ROOT / "bffs" / bff / "tests").glob("test_*.py")), f"{bff} has no tests"


@pytest.mark.parametrize("bff", BFFS)
def test_its_api_only_translates_http_queries_are_selectors_and_schemas_are_schemas(bff):
    tree = _tree(bff, "api.py")
    queries = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert queries == [], f"bffs/{bff}/api.py queries models itself (lines {queries})"
    schemas = [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", None) == "Schema" for base in node.bases)
    ]
    assert schemas == [], f"bffs/{bff}/api.py defines schemas {schemas}: schemas.py holds them"


@pytest.mark.parametrize("bff", BFFS)
def test_its_selectors_only_read(bff):
    assert not _calls(_tree(bff, "selectors.py")) & WRITES


@pytest.mark.parametrize("bff", BFFS)
def test_its_events_are_in_its_contract_never_in_the_bff(bff):
    folder = ROOT / "bffs" / bff
    envelopes = [
        f"{path.relative_to(ROOT)}:{node.name}"
        for path in folder.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", None) == "Envelope" for base in node.bases)
    ]
    assert envelopes == []
    assert not (folder / "events.py").exists()
    if (folder / "trigger.py").exists():
        assert (ROOT / "contracts" / f"{bff}.py").is_file(), f"{bff} emits: contracts/{bff}.py"


@pytest.mark.parametrize("bff", BFFS)
def test_its_api_is_namespaced_after_it(bff):
    from importlib import import_module

    api = import_module(f"bffs.{bff}.api").api
    assert api.urls_namespace == bff
