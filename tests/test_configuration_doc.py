"""docs/configuration.md names every variable the settings read: each process's settings are
loaded in a fresh interpreter and the typed reader says what they read."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings

from shell.testing.processes import ROOT

PROCESSES = {
    "the shell": "shell.settings",
    "a BFF served alone": "bazaar.bff_settings",
    "the dev OpenID provider": "idp.settings",
}


def _read_by(module: str) -> list[str]:
    code = (
        f"import json, {module}; from bazaar.config import env; print(json.dumps(sorted(env.read)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"BAZAAR_ENV": "dev", "BAZAAR_BFF": "cart", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", PROCESSES.values(), ids=PROCESSES.keys())
def test_every_variable_the_settings_read_is_documented(module):
    doc = (settings.BASE_DIR / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+(?:<NAME>)?)`", doc))
    read = {re.sub(r"^BAZAAR_DB_[A-Z]+$", "BAZAAR_DB_<NAME>", name) for name in _read_by(module)}
    assert read - documented == set()
