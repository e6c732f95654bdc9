"""``manage.py startmicroapp``: every kind, scaffolded into a copy of the project, has the shape
of every micro-app (tests/test_microapp_shape.py's rules), passes its generated tests (its
BFF's and its browser tests), deploys, and is in the import map; names and routes already
taken are refused with nothing written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shell import scaffold
from shell.scaffold import KINDS, ScaffoldError
from tests.live import ROOT, copy_project, run_in
from tests.test_microapp_shape import shape_problems

SMALL = {"BAZAAR_ENV": "dev", "PYTHONUNBUFFERED": "1"}


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_every_kind_scaffolds_passes_its_generated_tests_deploys_and_is_in_the_import_map(
    tmp_path,
):
    project = copy_project(tmp_path / "project")
    data = tmp_path / "data"
    env = {
        **os.environ,
        **SMALL,
        "BAZAAR_DATA_DIR": str(data / "db"),
        "BAZAAR_PUBLISH_ROOT": str(data / "published"),
    }
    names = [f"new{kind}" for kind in KINDS]
    for name, kind in zip(names, KINDS, strict=True):
        created = run_in(project, "manage.py", "startmicroapp", name, "--kind", kind, env=env)
        assert f"created bffs/{name}/migrations/0001_initial.py" in created.stdout
    # Each app, as written, has the shape every micro-app has.
    shapes = {name: shape_problems(project / "microapps" / name) for name in names}
    assert shapes == {name: {} for name in names}
    # The generated code is as tidy as the rest of the project.
    ruff = str(Path(sys.executable).parent / "ruff")
    folders = [f"{top}/{name}" for name in names for top in ("bffs", "microapps")]
    subprocess.run([ruff, "check", *folders], cwd=project, check=True)
    subprocess.run([ruff, "format", "--check", *folders], cwd=project, check=True)

    # Their own tests, as generated: the BFFs' (the hub, the API, security) and the browser's
    # (a server from the copy, with the new BFFs, serving the new apps).
    tests = run_in(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", *folders, env=env)
    passed = int(re.search(r"(\d+) passed", tests.stdout).group(1))
    assert passed >= 5 * 4 and " failed" not in tests.stdout and "skipped" not in tests.stdout

    # Deployed like any app, each is in the import map of the next page.
    run_in(project, "manage.py", "migrate_datastores", env=env)
    manifests = [f"microapps/{name}/manifest.json" for name in names]
    run_in(project, "manage.py", "deploy_microapp", *manifests, env=env)
    page = run_in(
        project,
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; "
        "print(Client(HTTP_HOST='127.0.0.1').get('/').content.decode())",
        env=env,
    ).stdout
    importmap = json.loads(
        re.search(r'<script type="importmap"[^>]*>(.*?)</script>', page, re.S)[1]
    )
    for name in names:
        assert f"@bazaar/{name}" in importmap["imports"]
        assert importmap["imports"][f"@bazaar/{name}"] in importmap["integrity"]


def test_the_templates_render_for_every_kind_into_valid_python_and_a_valid_manifest():
    from shell.registry.manifest import parse_manifest

    for kind in KINDS:
        names = scaffold.names_for("gift_cards", kind, None)
        files = scaffold.render(names)
        assert (
            Path("bffs/gift_cards/api.py") in files
            and Path("microapps/gift_cards/src/main.js") in files
        )
        for path, text in files.items():
            if path.suffix == ".py":
                compile(text, str(path), "exec")
            assert "{{" not in text and "{%" not in text, path
        manifest = parse_manifest(json.loads(files[Path("microapps/gift_cards/manifest.json")]))
        assert manifest.name == "@bazaar/gift-cards"
        assert [r.path for r in manifest.routes] == ["/gift-cards"]
        assert manifest.bff == "/bff/gift_cards/api"
    assert scaffold.names_for("gift_cards", "task", None).entity == "gift-card"
    assert scaffold.event_types(scaffold.names_for("stories", "task", None)) == ["story-updated"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_micro_app_of_the_shape_every_micro_app_has(kind, tmp_path):
    names = scaffold.names_for("gift_cards", kind, None)
    for path, text in scaffold.render(names).items():
        if path.parts[0] == "microapps":
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    app = tmp_path / "microapps" / "gift_cards"
    assert (app / "src" / "components").is_dir() and (app / "src" / "hooks").is_dir()
    assert shape_problems(app) == {}


REFUSALS = [
    ("Reviews", "task", None, "not a valid app name"),
    ("2fast", "task", None, "not a valid app name"),
    ("class", "task", None, "not a valid app name"),
    ("a__b", "task", None, "not a valid app name"),
    ("wishlist", "task", None, "bffs/wishlist already exists"),
    ("recent", "search", None, "microapps/recent already exists"),
    ("eventhub", "task", None, "already an installed app or database alias"),
    ("default", "task", None, "already an installed app or database alias"),
    ("sessions", "task", None, "already an installed app or database alias"),
    ("review", "task", None, "'review-updated' is already emitted"),
    ("deals", "task", "/catalog/deals", "@bazaar/catalog route '/catalog' clashes"),
    ("deals", "task", "/api", "which the platform serves"),
    ("deals", "task", "/outbox", "which the platform serves"),
    ("deals", "nonsense", None, "is not one of task"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind", "route", "message"), REFUSALS)
def test_a_name_or_route_taken_is_refused_naming_it_with_nothing_written(
    name, kind, route, message
):
    before = (
        sorted(p.name for p in (ROOT / "bffs").iterdir()),
        sorted(p.name for p in (ROOT / "microapps").iterdir()),
    )
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        scaffold.scaffold(name, kind, project=ROOT, route=route)
    after = (
        sorted(p.name for p in (ROOT / "bffs").iterdir()),
        sorted(p.name for p in (ROOT / "microapps").iterdir()),
    )
    assert after == before


@pytest.mark.django_db
def test_an_app_live_in_the_registry_but_not_on_disk_is_taken_too(tmp_path):
    from shell.registry import services
    from shell.registry.bundles import bundle_from_directory
    from shell.registry.library_versions import served_library

    (tmp_path / "microapps").mkdir()
    (tmp_path / "bffs").mkdir()
    bundle = bundle_from_directory(ROOT / "microapps" / "recent" / "manifest.json")
    libraries = [served_library(name) for name in bundle.manifest.shared]
    services.release_deploy(bundles=[bundle], actor="test", libraries=libraries)
    with pytest.raises(ScaffoldError, match="'recent' is taken by @bazaar/recent"):
        scaffold.scaffold("recent", "task", project=tmp_path, route="/recently")


@pytest.mark.django_db
def test_a_failure_after_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    (tmp_path / "microapps").mkdir()
    (tmp_path / "bffs").mkdir()

    def no_migration(names, project):
        raise ScaffoldError("makemigrations failed")

    monkeypatch.setattr(scaffold, "make_migration", no_migration)
    with pytest.raises(ScaffoldError, match="makemigrations failed"):
        scaffold.scaffold("giftcards", "task", project=tmp_path)
    assert list((tmp_path / "bffs").iterdir()) == [] == list((tmp_path / "microapps").iterdir())
