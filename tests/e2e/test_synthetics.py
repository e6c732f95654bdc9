"""``manage.py synthetics``, run as an operator runs it, against a real shop: the whole journey
passes and prints each step with its time; a refused sign-in stops it at that step with a
report and a screenshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.live import run_synthetics, start_server

pytestmark = pytest.mark.browser

STEPS = ["home", "catalog", "search", "sign in", "add to cart", "checkout", "delivery", "sign out"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_server(tmp_path_factory, BAZAAR_FULFILMENT_DELAYS="1,1,1")
    yield server
    server.stop()


def test_the_journey_passes_and_prints_each_step_with_its_time(shop, tmp_path):
    run = run_synthetics(shop.url, "--delivery-timeout", "30", "--artifacts", str(tmp_path))
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    for step in STEPS:
        assert re.search(rf"^\s+ok\s+{step}\s+\d+ ms", run.stdout, re.M), (step, output)
    assert re.search(r"^\s+total\s+\d+ ms$", run.stdout, re.M), output
    assert "placed → paid → shipped → delivered" in run.stdout
    assert "FAILED" not in output
    assert list(tmp_path.iterdir()) == []  # no screenshot when nothing failed


def test_a_wrong_password_fails_at_sign_in_with_a_report_and_a_screenshot(shop, tmp_path):
    run = run_synthetics(
        shop.url, "--password", "not-her-password", "--artifacts", str(tmp_path), "--json"
    )
    assert run.returncode == 1, run.stdout + run.stderr
    result = json.loads(run.stdout)
    assert result["ok"] is False
    assert [s["name"] for s in result["steps"] if s["ok"]] == STEPS[:3]
    failure = result["failure"]
    assert failure["step"] == "sign in"
    assert "refused the sign-in" in failure["reason"]
    assert "didn't match" in failure["reason"]
    assert failure["url"].startswith(shop.idp_url)
    assert result["skipped"] == STEPS[4:]
    assert "not-her-password" not in run.stdout
    screenshot = Path(failure["screenshot"])
    assert screenshot.parent == tmp_path and screenshot.stat().st_size > 1000
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    assert 'the journey failed at step "sign in"' in run.stderr.replace("'", '"')


def test_the_report_in_words_names_the_step_why_and_where(shop, tmp_path):
    run = run_synthetics(
        shop.url, "--user", "nobody", "--password", "x", "--artifacts", str(tmp_path)
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert re.search(r"^\s+FAILED\s+sign in\s+\d+ ms", run.stdout, re.M), run.stdout
    assert 'FAILED at step "sign in": the provider refused the sign-in' in run.stdout
    assert f"page: {shop.idp_url}/accounts/login/" in run.stdout
    [shot] = re.findall(r"screenshot: (\S+\.png)", run.stdout)
    assert Path(shot).is_file()
    assert "not run: add to cart, checkout, delivery, sign out" in run.stdout
