"""The API fuzz (tests/test_api_fuzz.py) covers every BFF there is, found as the shell finds
them, and a BFF added by ``manage.py startmicroapp`` is fuzzed with no edit anywhere."""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings

from bazaar.discovery import discover_bffs
from tests import test_api_fuzz
from tests.live import ROOT, copy_project, run_in

FUZZ = "test_every_answer_is_declared_in_the_openapi"


def fuzzed_apis() -> list[str]:
    """The ids the fuzz test is parametrised with (read from its own marker)."""
    [mark] = [m for m in getattr(test_api_fuzz, FUZZ).pytestmark if m.name == "parametrize"]
    return list(mark.args[1])


def test_the_fuzz_covers_every_bff_folder_and_the_platform_apis():
    bffs = discover_bffs(ROOT / "bffs")
    assert "reviews" in bffs
    assert set(fuzzed_apis()) == {*bffs, "registry", "import-map-deployer", "rum"}


def test_the_fuzz_covers_every_bff_the_shell_serves():
    assert set(settings.BAZAAR_BFFS) <= set(fuzzed_apis())
    for bff in settings.BAZAAR_BFFS:
        assert test_api_fuzz.APIS[bff] == f"/bff/{bff}/api"


@pytest.mark.timeout(300)
def test_a_scaffolded_bff_is_fuzzed_with_no_edit(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {
        **os.environ,
        "BAZAAR_ENV": "dev",
        "BAZAAR_DATA_DIR": str(tmp_path / "data" / "db"),
        "BAZAAR_PUBLISH_ROOT": str(tmp_path / "data" / "published"),
    }

    def run(*args: str) -> str:
        return run_in(project, *args, env=env, timeout=240).stdout

    run("manage.py", "startmicroapp", "giftcards", "--kind", "task")
    collected = run(
        "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/test_api_fuzz.py"
    )
    ids = set(re.findall(rf"{FUZZ}\[([^\]]+)\]", collected))
    assert ids == {*discover_bffs(project / "bffs"), "registry", "import-map-deployer", "rum"}
    assert {"giftcards", "reviews"} <= ids
