"""The storefront in the distributed mode, in a real Chromium through the load balancer:
every unit its own process, two shell replicas taking turns at the pages and websockets."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

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
    # The order history's product pictures come from the catalog's BFF, through copies kept
    # by the orders BFF: every one loads (absolute on the gateway, not a path on the shop).
    pictures = page.locator("main img")
    expect(pictures.first).to_be_visible()
    assert pictures.evaluate_all("els => els.every(e => e.complete && e.naturalWidth > 0)")
    assert pictures.first.get_attribute("src").startswith(distributed.stack.gateway_url)
