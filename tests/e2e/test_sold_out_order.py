"""A shopper whose order the catalog cannot fill (the last units went first) sees it cancelled
on the order page, live, with the reason; it is never paid. Chromium against a real shop
whose hub worker runs as a process of its own, paused while the stock runs out (a lagging
worker). Screenshots in test-artifacts/sold-out/."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.live import ARTIFACTS, start_server
from tests.storefront import ORDER_URL, check_out, in_stock_card_names

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "sold-out"


@pytest.fixture(scope="module")
def lagging_shop(tmp_path_factory):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    server = start_server(tmp_path_factory, BAZAAR_HUB_WORKER="off")
    assert server.manage("hub_worker", "--drain").returncode == 0
    log = open(server.data_dir / "hub-worker.log", "w")  # noqa: SIM115 - closed below
    server.hub_worker = subprocess.Popen(
        [sys.executable, "manage.py", "hub_worker"],
        cwd=server.root,
        env={**server.env, "DJANGO_SETTINGS_MODULE": "shell.settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield server
    server.hub_worker.terminate()
    server.hub_worker.wait(timeout=10)
    log.close()
    server.stop()


def test_an_order_for_units_already_gone_is_cancelled_live_with_the_reason(lagging_shop, page):
    shop = lagging_shop
    admin = shop.access_token("admin")
    shop.sign_in(page, "/catalog", "alice")
    name = in_stock_card_names(page)[0]
    page.get_by_test_id("product-name").filter(has_text=name).first.click()
    expect(page.get_by_test_id("product-title")).to_have_text(name)
    product_id = page.url.rsplit("/", 1)[1]

    os.kill(shop.hub_worker.pid, signal.SIGSTOP)  # the shop's copies stop following
    try:
        sold_out = requests.patch(
            f"{shop.url}/bff/catalog/api/products/{product_id}",
            json={"stock": 0},
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10,
        )
        assert sold_out.status_code == 200, sold_out.text
        page.get_by_test_id("add-to-cart").click()
        expect(page.get_by_test_id("cart-count")).to_have_text("1")
        check_out(page)
        page.wait_for_url(ORDER_URL)
        status = page.get_by_test_id("order-status")
        expect(status).to_have_attribute("data-status", "placed")
        page.screenshot(path=str(SHOTS / "01-placed-while-the-catalog-decides.png"))
    finally:
        os.kill(shop.hub_worker.pid, signal.SIGCONT)

    expect(status).to_have_attribute("data-status", "cancelled", timeout=20_000)  # no reload
    expect(page.get_by_test_id("order-cancel-reason")).to_have_text(f"Why: {name} is sold out.")
    expect(page.get_by_test_id("order-message")).to_contain_text("not been charged")
    steps = page.get_by_test_id("timeline-step")
    assert [s.get_attribute("data-status") for s in steps.all()] == ["placed", "cancelled"]
    page.screenshot(path=str(SHOTS / "02-cancelled-live.png"))
    page.wait_for_timeout(2_000)  # fulfilment had its chance: it never pays it
    page.reload()
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "cancelled")
    assert page.console_errors == []
