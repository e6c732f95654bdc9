"""Signing in through the real dev OpenID provider, protected routes, and signing out."""

from __future__ import annotations

import re

import pytest

from tests.live import sign_in_on_provider_form

pytestmark = pytest.mark.browser


def test_a_protected_route_goes_through_the_provider_and_back(bazaar, page):
    page.goto(bazaar.url + "/")
    account = page.get_by_test_id("account")
    assert account.get_by_role("link", name="Sign in").is_visible()
    assert page.locator(".site-nav").get_by_role("link", name="Wish list").count() == 0

    page.goto(bazaar.url + "/wishlist")
    page.wait_for_url(re.compile(re.escape(bazaar.idp_url) + r"/accounts/login/"))
    sign_in_on_provider_form(page, "alice", "alice-password")

    page.wait_for_url(bazaar.url + "/wishlist")
    assert page.get_by_test_id("user-name").inner_text() == "Alice Archer"
    assert page.locator(".site-nav").get_by_role("link", name="Wish list").is_visible()
    page.get_by_test_id("wishlist-empty").wait_for()
    page.get_by_test_id("wishlist-count").filter(has_text="0").wait_for()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(bazaar.url + "/")
    assert page.get_by_test_id("account").get_by_role("link", name="Sign in").is_visible()
    assert page.locator(".site-nav").get_by_role("link", name="Wish list").count() == 0
    assert page.get_by_test_id("wishlist-badge").count() == 0


def test_a_signed_in_shopper_saves_a_product_through_the_wishlist_bff(bazaar, page):
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(page, "bob", "bob-password")
    page.wait_for_url(bazaar.url + "/catalog")

    first = page.get_by_test_id("product-card").first
    name = first.get_by_test_id("product-name").inner_text()
    first.get_by_role("link").first.click()
    page.get_by_test_id("save-to-wishlist").click()
    page.get_by_test_id("save-to-wishlist").filter(has_text="Saved").wait_for()
    page.get_by_test_id("wishlist-count").filter(has_text="1").wait_for()

    page.get_by_test_id("wishlist-badge").click()
    page.wait_for_url(bazaar.url + "/wishlist")
    page.get_by_test_id("wishlist-item-name").first.wait_for()
    assert page.get_by_test_id("wishlist-item-name").all_inner_texts() == [name]
    assert page.console_errors == []


def test_signing_in_from_a_page_returns_to_that_page(bazaar, page):
    page.goto(bazaar.url + "/catalog/c/garden")
    page.get_by_test_id("product-card").first.wait_for()
    page.get_by_role("link", name="Kitchen", exact=True).first.click()  # client-side navigation
    page.wait_for_url("**/catalog/c/kitchen")
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(page, "admin", "admin-password")
    page.wait_for_url(bazaar.url + "/catalog/c/kitchen")
    assert page.get_by_test_id("user-name").inner_text() == "Ada Admin"


def test_a_wrong_password_stays_on_the_provider_with_an_error(bazaar, page):
    page.goto(bazaar.url + "/wishlist")
    sign_in_on_provider_form(page, "alice", "not-her-password")
    assert (
        page.get_by_role("alert").inner_text().startswith("Your username and password didn't match")
    )
    assert page.url.startswith(bazaar.idp_url)


@pytest.fixture(scope="module")
def short_token_bazaar(tmp_path_factory):
    from tests.live import start_server

    # Access tokens live 62 s and are renewed 60 s before expiry: renewal is due after 2 s.
    server = start_server(
        tmp_path_factory, IDP_ACCESS_TOKEN_SECONDS="62", BAZAAR_TOKEN_RENEW_BEFORE_SECONDS="60"
    )
    yield server
    server.stop()


def test_the_access_token_is_renewed_before_it_expires_and_kept_in_memory_only(
    short_token_bazaar, page
):
    bazaar = short_token_bazaar
    assert page.request.get(bazaar.url + "/oidc/token/").status == 401
    token_requests: list[str] = []
    page.on("request", lambda r: token_requests.append(r.url) if "/oidc/token/" in r.url else None)
    page.goto(bazaar.url + "/wishlist")
    sign_in_on_provider_form(page, "alice", "alice-password")
    page.get_by_test_id("wishlist-empty").wait_for()

    get_token = "async () => (await import('@bazaar/platform')).getAccessToken()"
    first = page.evaluate(get_token)
    asked = len(token_requests)
    # Nobody forces it: the page's own schedule renews the token (due after 2 s; the client
    # waits at least 5 s between renewals).
    page.wait_for_timeout(7_000)
    assert len(token_requests) > asked, "the page did not renew the token on its own"
    renewed = page.evaluate(get_token)
    assert renewed != first

    claims = page.evaluate(
        "t => JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))", renewed
    )
    assert claims["aud"] == "bazaar" and claims["roles"] == ["shopper"]
    status = page.evaluate(
        "async (t) => (await fetch('/bff/wishlist/api/items', { headers: { Authorization: `Bearer ${t}` } })).status",
        renewed,
    )
    assert status == 200
    stored = page.evaluate(
        "() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })"
    )
    assert first not in stored and renewed not in stored


def test_a_protected_app_is_not_mounted_for_a_signed_out_user_navigating_client_side(bazaar, page):
    wishlist_requests: list[str] = []
    page.on(
        "request", lambda r: wishlist_requests.append(r.url) if "/apps/wishlist/" in r.url else None
    )
    page.goto(bazaar.url + "/catalog")
    page.get_by_test_id("product-card").first.wait_for()
    page.evaluate("async () => (await import('@bazaar/platform')).navigate('/wishlist')")
    gate = page.locator("[data-app='@bazaar/wishlist']").get_by_role(
        "heading", name="Sign in to see Wish list"
    )
    gate.wait_for()
    assert (
        page.locator("[data-app='@bazaar/wishlist']")
        .get_by_role("link", name="Sign in")
        .get_attribute("href")
        == "/oidc/authenticate/?next=%2Fwishlist"
    )
    assert wishlist_requests == []
