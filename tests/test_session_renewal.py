"""A session that outlives its ID token, renewed silently (``prompt=none``) against the real
dev provider: kept when the provider's session is live, ended here with a notice when it is
not, and never a redirect loop. Real processes, real HTTP, no browser (the browser journey is
tests/e2e/test_session_renewal.py)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.live import RENEW_SECONDS, start_server


@pytest.fixture
def shop(renewing_bazaar):
    return renewing_bazaar


def signed_in(shop, username: str = "alice", next_path: str = "/catalog") -> requests.Session:
    return shop.signed_in_session(username, next_path)


def hops(browser: requests.Session, url: str, limit: int = 10) -> list[requests.Response]:
    """Follow redirects one at a time (at most ``limit``), as a browser would."""
    answers = [browser.get(url, allow_redirects=False, timeout=10)]
    while answers[-1].is_redirect:
        assert len(answers) <= limit, [a.headers["Location"] for a in answers]
        location = requests.compat.urljoin(answers[-1].url, answers[-1].headers["Location"])
        answers.append(browser.get(location, allow_redirects=False, timeout=10))
    return answers


def user_of(browser: requests.Session, shop) -> str | None:
    answer = browser.get(f"{shop.url}/oidc/token/", timeout=10)
    return answer.json()["user"]["name"] if answer.status_code == 200 else None


def test_a_live_provider_session_renews_silently_and_the_shopper_stays_signed_in(shop):
    browser = signed_in(shop)
    first_token = browser.get(f"{shop.url}/oidc/token/", timeout=10).json()["access_token"]
    for _ in range(3):  # several renewals in a row
        time.sleep(RENEW_SECONDS + 0.5)
        answers = hops(browser, f"{shop.url}/orders")
        locations = [a.headers.get("Location", "") for a in answers[:-1]]
        assert "prompt=none" in locations[0]
        assert any("/oidc/callback/?code=" in loc for loc in locations), locations
        assert answers[-1].status_code == 200 and answers[-1].url == f"{shop.url}/orders"
        assert 'data-testid="user-name">Alice Archer<' in answers[-1].text
        assert "session-notice" not in answers[-1].text
    assert user_of(browser, shop) == "Alice Archer"
    renewed = browser.get(f"{shop.url}/oidc/token/", timeout=10).json()["access_token"]
    assert renewed != first_token  # the renewal brought new tokens


def test_an_ended_provider_session_signs_the_shopper_out_with_a_notice(shop):
    browser = signed_in(shop, next_path="/catalog/c/kitchen")
    browser.cookies.clear(domain="127.0.0.1", path="/", name="idp_sessionid")  # ended there
    time.sleep(RENEW_SECONDS + 0.5)
    answers = hops(browser, f"{shop.url}/catalog/c/kitchen")
    callback = next(a for a in answers if "/oidc/callback/" in a.url)
    assert parse_qs(urlparse(callback.url).query)["error"] == ["login_required"]
    page = answers[-1]
    assert page.status_code == 200 and page.url == f"{shop.url}/catalog/c/kitchen"
    assert 'data-testid="session-notice"' in page.text
    assert "Your session has ended" in page.text
    assert 'data-testid="user-name"' not in page.text
    assert user_of(browser, shop) is None
    again = browser.get(f"{shop.url}/catalog/c/kitchen", timeout=10)  # the notice shows once
    assert "session-notice" not in again.text and again.status_code == 200


def test_an_ended_session_on_a_protected_page_lands_on_the_home_page(shop):
    browser = signed_in(shop, next_path="/orders")
    browser.cookies.clear(domain="127.0.0.1", path="/", name="idp_sessionid")
    time.sleep(RENEW_SECONDS + 0.5)
    answers = hops(browser, f"{shop.url}/orders")
    assert answers[-1].url == f"{shop.url}/" and answers[-1].status_code == 200
    assert "Your session has ended" in answers[-1].text


def test_an_answer_the_shop_did_not_ask_for_is_not_an_error_page(shop):
    browser = signed_in(shop)
    answers = hops(browser, f"{shop.url}/oidc/callback/?code=forged&state=never-issued")
    assert answers[-1].status_code == 200 and answers[-1].url == f"{shop.url}/catalog"
    assert user_of(browser, shop) == "Alice Archer"  # a forged answer cannot sign anyone out
    stranger = requests.Session()
    answers = hops(stranger, f"{shop.url}/oidc/callback/?code=forged&state=never-issued")
    assert answers[-1].status_code == 200 and answers[-1].url == f"{shop.url}/"
    assert "Signing in did not complete" in answers[-1].text


def test_renewals_that_renew_nothing_cannot_loop(tmp_path_factory):
    """A renew interval of 0 expires the ID token as soon as it is renewed: each page would
    go round the provider for ever. The rounds are bounded; the page is served."""
    server = start_server(tmp_path_factory, BAZAAR_SESSION_RENEW_SECONDS="0")
    try:
        browser = signed_in(server)
        answers = hops(browser, f"{server.url}/catalog", limit=12)
        assert answers[-1].status_code == 200
        assert 'data-testid="user-name">Alice Archer<' in answers[-1].text
    finally:
        server.stop()
