"""The Content-Security-Policy in a real Chromium: the shop runs under it (import map with its
nonce, modules from the shop), and a script injected into the page does not run."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_shop_runs_under_the_policy_and_injected_scripts_do_not(bazaar, page):
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(bazaar.url + "/")
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    assert page.evaluate("document.documentElement.dataset.shell") == "ready"
    assert violations == []  # nothing the shop itself does is blocked

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected === undefined")
    assert any("script-src" in v for v in violations), violations
