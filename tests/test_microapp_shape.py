"""Every micro-app has the one shape docs/microapp-shape.md describes: a valid manifest whose
entry and parcels exist and export the lifecycles, views in components/ and hooks in hooks/,
browser tests of its own, the shared UI from @bazaar/platform instead of a copy, no import of
another app's modules, no BFF but its own, signals rather than the deprecated "topics", and no
window globals. Each rule is a function that lists the problems of one app folder, so the last
test can show that a misshapen app breaks every one of them, and tests/test_scaffold.py holds
every app ``startmicroapp`` makes to the same rules (``shape_problems``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MICROAPPS = ROOT / "microapps"
APPS = sorted(
    path.name for path in MICROAPPS.iterdir() if path.is_dir() and path.name[0] not in "._"
)
SHARED_NPM = set(json.loads((ROOT / "package.json").read_text())["bazaar"]["shared"])
PLATFORM = "@bazaar/platform"
VIEW_LIBRARIES = ("htm/preact", "preact", "react", "lit", "vue")
SHARED_UI_FILES = {"states.js", "use-resource.js"}
SHARED_UI_NAMES = {"Loading", "ErrorState", "EmptyState", "useResource", "useLoad"}
SEMVER = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")
IMPORT = re.compile(
    r"""(?:\bimport\s*(?:[\w*$\s{},]+?\s*from\s*)?|\bexport\s*(?:\*|\*\s*as\s+\w+|\{[^}]*\})\s*from\s*"""
    r"""|\bimport\s*\(\s*)["']([^"']+)["']"""
)
EXPORTED_NAMES = re.compile(
    r"\bexport\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+(?:\{([^}]*)\}|([\w$]+))"
)
EXPORT_LIST = re.compile(r"\bexport\s*\{([^}]*)\}")
BFF_PATH = re.compile(r"/bff/([\w-]+)")
WINDOW_GLOBAL = re.compile(r"\b(?:window|globalThis|self)\.[A-Za-z_$][\w$]*\s*=(?!=)")
TOPICS_IMPORT = re.compile(r"import\s*\{[^}]*\btopics\b[^}]*\}\s*from\s*[\"']@bazaar/platform[\"']")


def manifest_of(app: Path) -> dict:
    try:
        manifest = json.loads((app / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def sources(app: Path) -> dict[str, str]:
    """The app's JavaScript modules: path under src/ -> text."""
    src = app / "src"
    return {
        path.relative_to(src).as_posix(): path.read_text()
        for path in sorted(src.rglob("*.js"))
        if src.is_dir()
    }


def exported_names(text: str) -> set[str]:
    names = set()
    for group, name in EXPORTED_NAMES.findall(text):
        names.update(part.split(":")[0].strip() for part in group.split(",") if group)
        names.add(name)
    for group in EXPORT_LIST.findall(text):
        names.update(part.split(" as ")[-1].strip() for part in group.split(","))
    return names - {""}


def module_paths(manifest: dict) -> list[str]:
    """The entry and every parcel module the manifest names (paths inside the app)."""
    modules = [manifest.get("entry")]
    for items in (manifest.get("mountPoints") or {}).values():
        modules += [item.get("module") for item in items if isinstance(item, dict)]
    return [m for m in dict.fromkeys(modules) if isinstance(m, str) and "://" not in m]


# -- The rules: each lists the problems of one app folder ------------------------------------


def manifest_problems(app: Path) -> list[str]:
    try:
        manifest = json.loads((app / "manifest.json").read_text())
    except OSError:
        return ["no manifest.json"]
    except ValueError as error:
        return [f"manifest.json is not valid JSON: {error}"]
    if not isinstance(manifest, dict):
        return ["manifest.json is not a JSON object"]
    problems = [
        f"manifest.json has no {field!r}"
        for field in ("name", "version", "entry")
        if not isinstance(manifest.get(field), str) or not manifest[field]
    ]
    expected = "@bazaar/" + app.name.replace("_", "-")
    if isinstance(manifest.get("name"), str) and manifest["name"] != expected:
        problems.append(f"manifest.json names {manifest['name']!r}, not {expected!r} (its folder)")
    if isinstance(manifest.get("version"), str) and not SEMVER.fullmatch(manifest["version"]):
        problems.append(f"manifest.json's version {manifest['version']!r} is not semver")
    return problems


def lifecycle_problems(app: Path) -> list[str]:
    modules = module_paths(manifest_of(app)) or ["src/main.js"]  # the entry by convention
    problems = []
    for path in modules:
        module = app / path
        if not module.is_file():
            problems.append(f"{path} (named in the manifest) does not exist")
            continue
        missing = {"bootstrap", "mount", "unmount"} - exported_names(module.read_text())
        if missing:
            problems.append(f"{path} does not export {', '.join(sorted(missing))}")
    return problems


def folder_problems(app: Path) -> list[str]:
    files = sources(app)
    imports = {spec for text in files.values() for spec in IMPORT.findall(text)}
    view_library = any(
        spec.split("/")[0] in VIEW_LIBRARIES or spec in VIEW_LIBRARIES for spec in imports
    )
    custom_elements = any("customElements.define" in text for text in files.values())
    problems = []
    if (view_library or custom_elements) and not (app / "src" / "components").is_dir():
        problems.append("it has views but no src/components/")
    if view_library and not (app / "src" / "hooks").is_dir():
        problems.append("its views use a view library but it has no src/hooks/")
    for path, text in files.items():
        folder = path.split("/")[0] if "/" in path else ""
        exported = exported_names(text)
        hooks = sorted(name for name in exported if re.fullmatch(r"use[A-Z]\w*", name))
        if hooks and folder != "hooks":
            problems.append(f"src/{path} exports the hook {hooks[0]} outside hooks/")
        components = sorted(
            name
            for name in exported
            if name[:1].isupper()
            and name.isidentifier()
            and re.search(rf"\bfunction\s+{name}\s*\(", text)
            and "html`" in text
        )
        if components and folder not in ("components", "views"):
            problems.append(f"src/{path} exports the component {components[0]} outside components/")
    return problems


def own_tests_problems(app: Path) -> list[str]:
    tests = app / "tests"
    if not tests.is_dir():
        return ["no tests/ folder"]
    problems = [] if (tests / "__init__.py").is_file() else ["tests/ has no __init__.py"]
    if not list(tests.glob("test_*.py")):
        problems.append("tests/ has no test_*.py")
    return problems


def shared_ui_problems(app: Path) -> list[str]:
    problems = []
    for path, text in sources(app).items():
        if path.rsplit("/", 1)[-1] in SHARED_UI_FILES:
            problems.append(f"src/{path} is a copy of the shared UI: import it from {PLATFORM}")
        for name in sorted(exported_names(text) & SHARED_UI_NAMES):
            problems.append(f"src/{path} defines its own {name}: import it from {PLATFORM}")
    return problems


def import_problems(app: Path) -> list[str]:
    src = (app / "src").resolve()
    own_scope = str(manifest_of(app).get("name", "")) + "/"
    shared = manifest_of(app).get("shared") or {}  # libraries the registry shares with it
    problems = []
    for path, text in sources(app).items():
        for spec in IMPORT.findall(text):
            if spec.startswith("."):
                target = (src / path).parent.joinpath(spec).resolve()
                if not target.is_relative_to(src):
                    problems.append(f"src/{path} imports {spec!r}, outside its own src/")
                elif not target.is_file():
                    problems.append(f"src/{path} imports {spec!r}, which is not there")
            elif spec.startswith(PLATFORM + "/"):
                problems.append(f"src/{path} imports {spec!r}: import {PLATFORM}, not its files")
            elif spec in SHARED_NPM or spec in shared or spec == PLATFORM:
                continue
            elif spec.startswith(own_scope):
                continue
            elif spec.startswith("@bazaar/"):
                problems.append(f"src/{path} imports {spec!r}, another app's module")
            else:
                problems.append(f"src/{path} imports {spec!r}, which the import map does not share")
    return problems


def bff_problems(app: Path) -> list[str]:
    manifest = manifest_of(app)
    own = BFF_PATH.search(str(manifest.get("bff") or ""))
    own_name = own.group(1) if own else None
    problems = []
    for path, text in sources(app).items():
        if "createBffClient" in text:
            problems.append(f"src/{path} builds a BFF client of its own: use the `bff` prop")
        for name in sorted(set(BFF_PATH.findall(text)) - {own_name}):
            problems.append(f"src/{path} names the BFF {name!r}, not its own")
    for key, value in (manifest.get("config") or {}).items():
        for name in sorted(set(BFF_PATH.findall(json.dumps(value))) - {own_name}):
            problems.append(f"manifest.json's config.{key} names the BFF {name!r}, not its own")
    return problems


def signal_problems(app: Path) -> list[str]:
    return [
        f"src/{path} imports the deprecated `topics`: use `signals`"
        for path, text in sources(app).items()
        if TOPICS_IMPORT.search(text)
    ]


def global_problems(app: Path) -> list[str]:
    return [
        f"src/{path} sets a global: {match.group(0).strip()}"
        for path, text in sources(app).items()
        for match in WINDOW_GLOBAL.finditer(text)
    ]


RULES: dict[str, Callable[[Path], list[str]]] = {
    "manifest": manifest_problems,
    "lifecycles": lifecycle_problems,
    "folders": folder_problems,
    "tests": own_tests_problems,
    "shared UI": shared_ui_problems,
    "imports": import_problems,
    "own BFF": bff_problems,
    "signals": signal_problems,
    "globals": global_problems,
}


def shape_problems(app: Path) -> dict[str, list[str]]:
    """Every rule's problems with the app folder ``app`` (in microapps/, or one just scaffolded),
    by rule; a rule it keeps is left out, so an app of the shape has ``{}``."""
    return {rule: problems for rule, check in RULES.items() if (problems := check(app))}


def test_there_are_micro_apps_to_check():
    assert {"catalog", "cart", "orders", "recent", "reviews", "wishlist"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_the_manifest_is_valid_json_naming_the_app_its_version_and_entry(app):
    assert manifest_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_the_entry_and_every_parcel_exist_and_export_the_lifecycles(app):
    assert lifecycle_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_views_live_in_components_and_hooks_in_hooks(app):
    assert folder_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_has_browser_tests_of_its_own(app):
    assert own_tests_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_keeps_no_copy_of_the_shared_ui(app):
    assert shared_ui_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_imports_only_its_own_files_the_platform_and_the_shared_modules(app):
    assert import_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_talks_only_to_its_own_bff(app):
    assert bff_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_uses_signals_not_the_deprecated_topics(app):
    assert signal_problems(MICROAPPS / app) == []


@pytest.mark.parametrize("app", APPS)
def test_it_sets_no_window_globals(app):
    assert global_problems(MICROAPPS / app) == []


MISSHAPEN = {
    "manifest.json": '{"name": "@bazaar/cart", "version": "one"',  # not even JSON
    "src/main.js": """import { html, render, useState } from "htm/preact";
import { createBffClient, topics } from "@bazaar/platform";
import { addItem } from "@bazaar/cart/api.js";
import { badge } from "@bazaar/platform/bus.js";
import { lineItem } from "../../cart/src/components/line-item.js";
import confetti from "canvas-confetti";

export function Page() {
  const [n] = useState(0);
  return html`<p>${n}</p>`;
}
export function useThing() {
  return useState(1);
}
window.shop = createBffClient("/bff/cart/api");
export const mount = async () => {};
""",
    "src/states.js": "export function Loading() {}\nexport function ErrorState() {}\n",
}


def test_a_misshapen_app_breaks_every_rule(tmp_path):
    app = tmp_path / "misshapen"
    for path, text in MISSHAPEN.items():
        (app / path).parent.mkdir(parents=True, exist_ok=True)
        (app / path).write_text(text)
    problems = {rule: check(app) for rule, check in RULES.items()}
    assert {rule for rule, found in problems.items() if not found} == set(), problems
    assert "manifest.json is not valid JSON" in problems["manifest"][0]
    assert any("another app's module" in p for p in problems["imports"])
    assert any("outside its own src/" in p for p in problems["imports"])
    assert any("import @bazaar/platform, not its files" in p for p in problems["imports"])
    assert any("names the BFF 'cart'" in p for p in problems["own BFF"])
    assert any("copy of the shared UI" in p for p in problems["shared UI"])
    assert "it has views but no src/components/" in problems["folders"]
    assert any("exports the hook useThing outside hooks/" in p for p in problems["folders"])
