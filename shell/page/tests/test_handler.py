"""The ASGI handler: one worker thread per request, and the BFFs' shorter middleware chain."""

from __future__ import annotations

import threading

import pytest

from shell.page.handler import BazaarASGIHandler, view_is_async
from shell.testing.asgi import fetch

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture(scope="module")
def app():
    return BazaarASGIHandler()


def test_only_the_long_poll_is_an_async_view():
    assert view_is_async("/live/poll")
    assert not view_is_async("/")
    assert not view_is_async("/bff/catalog/api/products")


def test_a_bff_request_skips_the_session_and_csrf_middleware(app):
    cookie = [(b"cookie", b"sessionid=a-session-that-ended; csrftoken=x")]
    status, headers = fetch(app, "/bff/catalog/api/categories", cookie)
    assert status == 200
    assert "Cookie" not in " ".join(headers.get("vary", []))
    assert "set-cookie" not in headers  # no session read, so none deleted
    assert headers["x-content-type-options"] == ["nosniff"]  # security headers stay
    assert "content-security-policy" in headers


def test_a_page_request_still_runs_the_whole_chain(app):
    status, headers = fetch(app, "/outbox", [(b"cookie", b"sessionid=a-session-that-ended")])
    assert status == 200
    assert "Cookie" in " ".join(headers.get("vary", []))  # the page depends on who asks
    assert any("sessionid=" in c for c in headers.get("set-cookie", []))  # the dead one is cleared


def test_requests_run_in_a_fixed_pool_of_threads(app):
    seen = set()
    original = app.sync_handler.get_response

    def spy(request):
        seen.add(threading.current_thread().name)
        return original(request)

    app.sync_handler.get_response = spy
    try:
        for _ in range(20):
            fetch(app, "/healthz")
    finally:
        app.sync_handler.get_response = original
    assert seen and all(name.startswith("request") for name in seen)
    assert len(seen) <= 8
