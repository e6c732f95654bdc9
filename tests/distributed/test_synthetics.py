"""``manage.py synthetics`` against the distributed stack with the cart's BFF stopped: browsing,
search and sign-in pass (other units), and the journey stops at "add to cart", the first step
that needs the cart, saying so."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.distributed.conftest import Distributed
from tests.live import run_synthetics

pytestmark = pytest.mark.browser


def cart_status(distributed: Distributed) -> int:
    """What the gateway answers for the cart (a 503 while it has no cart process to send to)."""
    request = urllib.request.Request(distributed.stack.gateway_url + "/bff/cart/api/cart")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_a_stopped_cart_bff_fails_the_journey_at_add_to_cart(distributed: Distributed, tmp_path):
    # bob, not alice: another test of this stack expects alice's cart to start empty.
    who = ["--user", "bob", "--password", "bob-password", "--artifacts", str(tmp_path)]
    distributed.supervisor.stop("bff-cart")
    try:
        run = run_synthetics(distributed.shop.url, *who)
    finally:
        distributed.supervisor.start("bff-cart")
        deadline = time.monotonic() + 30  # the gateway's health checks see it back
        while cart_status(distributed) in (0, 502, 503) and time.monotonic() < deadline:
            time.sleep(0.5)
    report = run.stdout
    assert run.returncode == 1, report + run.stderr
    for step in ["home", "catalog", "search", "sign in"]:
        assert re.search(rf"^\s+ok\s+{step}\s+\d+ ms", report, re.M), (step, report)
    assert re.search(r"^\s+FAILED\s+add to cart\s+\d+ ms", report, re.M), report
    assert 'FAILED at step "add to cart": the cart did not take the product' in report, report
    # The report shows the cart's requests that failed (the gateway's 503) during that step.
    assert re.search(r"^\s+POST \S+/bff/cart/api/\S+: 503\b", report, re.M), report
    [shot] = re.findall(r"screenshot: (\S+\.png)", report)
    assert Path(shot).is_file()
    assert "not run: checkout, delivery, sign out" in report
    assert cart_status(distributed) not in (0, 502, 503), "the cart's BFF did not come back"
