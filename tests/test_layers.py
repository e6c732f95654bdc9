"""The house plan, checked: no import circle between modules, each package imports only the
layers below it (the platform never reaches up into the shell or a BFF), the shell's wings
depend on each other in one direction, and no module outgrows a reader (~400 lines)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("bazaar", "eventhub", "contracts", "bffs", "shell", "idp", "stack")
MAX_LINES = 400

# What each top-level package may import (besides itself and third-party code).
ALLOWED = {
    "bazaar": set(),
    "eventhub": {"bazaar"},
    "contracts": {"bazaar", "eventhub"},
    "bffs": {"bazaar", "eventhub", "contracts"},
    "shell": {"bazaar", "eventhub", "contracts"},
    "idp": {"bazaar"},
    "stack": {"bazaar", "eventhub"},
}
# The shell's wings, lowest first: a wing imports only the wings before it.
WINGS = ["live", "registry", "identity", "page", "offline", "scaffold", "rum", "synthetic"]


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts or "testing" in parts:
                continue
            if path.name in ("conftest.py",):
                continue
            name = ".".join(parts).removesuffix(".__init__")
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, at any depth of its code (a function-level import
    is still an arrow)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_there_is_no_import_circle():
    circles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == "open":
                circles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_each_package_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if (top := module.split(".")[0]) != (other := target.split(".")[0])
        and other not in ALLOWED[top]
    )
    assert wrong == []


def _wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "shell" and parts[1] in WINGS else None


def test_the_shells_wings_depend_on_each_other_in_one_direction():
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if (a := _wing(module)) and (b := _wing(target)) and WINGS.index(b) > WINGS.index(a)
    )
    assert wrong == []


def test_the_shells_modules_all_live_in_a_wing():
    """At the top of ``shell/`` only what Django and the server look for there."""
    top = {p.stem for p in (ROOT / "shell").glob("*.py")}
    assert top <= {"__init__", "apps", "asgi", "conftest", "models", "settings", "urls"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_outgrows_a_reader(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)}: {lines} lines"


def test_the_environment_is_read_in_one_place():
    """Settings come from ``bazaar.config.env`` (typed, read once); no other module of a
    process reads ``os.environ`` (but to name its settings module, and the launcher of the
    distributed stack, which has no Django, reads the environment it hands its processes)."""
    reads = re.compile(r'os\.environ(?!\.setdefault\("DJANGO_SETTINGS_MODULE")')
    readers = sorted(
        name
        for name, path in MODULES.items()
        if reads.search(path.read_text())
        and name != "bazaar.config"
        and not name.startswith("stack.")
    )
    assert readers == []
