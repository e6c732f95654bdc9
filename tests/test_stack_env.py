"""The distributed launcher follows the rule of every process: BAZAAR_ENV unset means
production, which needs its secrets before anything starts; make distributed asks for a
development stack out loud."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from stack.cli import missing_secrets, stack_from_env
from tests.live import ROOT

SECRETS = (
    "DJANGO_SECRET_KEY",
    "BAZAAR_OIDC_CLIENT_SECRET",
    "BAZAAR_DEPLOY_TOKEN",
    "BAZAAR_DEPLOY_TOKENS",
)


def without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def test_with_bazaar_env_unset_the_stacks_processes_run_in_production(monkeypatch):
    monkeypatch.delenv("BAZAAR_ENV")
    assert stack_from_env({}).env()["BAZAAR_ENV"] == "production"


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        (
            {},
            [
                "DJANGO_SECRET_KEY",
                "BAZAAR_OIDC_CLIENT_SECRET",
                "BAZAAR_DEPLOY_TOKEN (or BAZAAR_DEPLOY_TOKENS)",
            ],
        ),
        (
            {"BAZAAR_ENV": "staging", "DJANGO_SECRET_KEY": "k"},
            ["BAZAAR_OIDC_CLIENT_SECRET", "BAZAAR_DEPLOY_TOKEN (or BAZAAR_DEPLOY_TOKENS)"],
        ),
        (
            {
                "DJANGO_SECRET_KEY": "k",
                "BAZAAR_OIDC_CLIENT_SECRET": "s",
                "BAZAAR_DEPLOY_TOKENS": "ci=t",
            },
            [],
        ),
        ({"BAZAAR_ENV": "dev"}, []),
    ],
)
def test_a_production_stack_names_every_secret_it_lacks(environ, missing):
    assert missing_secrets(environ) == missing


def test_the_launcher_refuses_to_start_a_production_stack_without_its_secrets():
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "stack", "up"],
        cwd=ROOT,
        env=without("BAZAAR_ENV", *SECRETS),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "means production" in done.stderr and "DJANGO_SECRET_KEY" in done.stderr
    assert "setting up" not in done.stdout.lower() and time.monotonic() - started < 30


def test_make_distributed_asks_for_a_development_stack_out_loud():
    plan = subprocess.run(
        ["make", "-n", "distributed"],
        cwd=ROOT,
        env=without("BAZAAR_ENV"),
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    [launch] = [line for line in plan.splitlines() if "stack up" in line]
    assert "BAZAAR_ENV=dev" in launch
