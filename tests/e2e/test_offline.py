"""Offline-first in a real Chromium against a real daphne: the service worker, the outbox, the
read-through cache and the header's indicators, as a shopper meets them.

`set_offline` cuts the page and (with PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, set by
the browser fixture) the service worker. Every test checks what the shopper sees and what the
server holds afterwards, read from the BFFs' own datastores in another process.
Screenshots land in test-artifacts/offline/.
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.live import ARTIFACTS, ROOT, sign_in_on_provider_form, start_server
from tests.storefront import SHIPPING

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "offline"
COMMAND_PATH = re.compile(r"/bff/[a-z-]+/api/")


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    server = start_server(tmp_path_factory, BAZAAR_FULFILMENT_DELAYS="30,30,30")
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def tab(context, request):
    """A page that fails the test on a page error (Chromium's network errors aside)."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    assert errors == [], errors


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def server_json(shop, code: str):
    """Runs `code` (which binds `result`) in a manage.py shell of the shop; returns result."""
    script = f"import json\n{code}\nprint('RESULT=' + json.dumps(result))"
    run = shop.manage("shell", "--no-imports", "-c", script)
    assert run.returncode == 0, run.stderr
    line = next(line for line in run.stdout.splitlines() if line.startswith("RESULT="))
    return json.loads(line.removeprefix("RESULT="))


def server_carts(shop) -> dict[str, dict[str, int]]:
    return server_json(
        shop,
        "from bffs.cart.models import CartLine\n"
        "result = {}\n"
        "for line in CartLine.objects.filter(deleted=False):\n"
        "    result.setdefault(line.owner, {})[line.product_id] = line.quantity",
    )


def server_orders(shop) -> list[dict]:
    return server_json(
        shop,
        "from bffs.orders.models import Order\n"
        "result = [{'id': o.id, 'lines': {l['product_id']: l['quantity'] for l in o.lines}}"
        " for o in Order.objects.all()]",
    )


def clear_server_cart(shop) -> None:
    server_json(
        shop, "from bffs.cart.models import CartLine\nresult = CartLine.objects.all().delete()[0]"
    )


PAGE_SAVED = """async () => {
    for (const name of await caches.keys()) {
        if (name.startsWith("bazaar-shell-") && (await (await caches.open(name)).keys()).length) return true;
    }
    return false;
}"""


def ready_for_offline(page: Page) -> None:
    """The service worker controls the page, and has saved a shell page to open offline."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    # (wait_for_function does not await a promise: poll with evaluate, which does)
    deadline = time.monotonic() + 30
    while not page.evaluate(PAGE_SAVED):
        assert time.monotonic() < deadline, "the service worker saved no page"
        page.wait_for_timeout(200)


def visit_catalog(page: Page) -> list[str]:
    """Names of the first in-stock products on the catalog's first page (saves its reads)."""
    page.get_by_test_id("product-card").first.wait_for()
    cards = page.get_by_test_id("product-card").filter(
        has=page.get_by_test_id("stock-badge").filter(has_text=re.compile(r"^In stock$"))
    )
    return [card.get_by_test_id("product-name").inner_text() for card in cards.all()[:3]]


def card_add(page: Page, name: str) -> None:
    card = page.get_by_test_id("product-card").filter(
        has=page.get_by_test_id("product-name").filter(has_text=re.compile(f"^{re.escape(name)}$"))
    )
    card.get_by_test_id("card-add-to-cart").click()
    expect(card.get_by_test_id("card-add-to-cart")).to_have_attribute("data-state", "added")


def check_out(page: Page) -> str:
    """From the cart page: checkout, the shipping form, "Place order"; the order's id."""
    page.get_by_test_id("proceed-to-checkout").click()
    for test_id, value in SHIPPING.items():
        page.get_by_test_id(test_id).fill(value)
    page.get_by_test_id("place-order").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[-1]


def pending(page: Page):
    return page.get_by_test_id("outbox-status").locator("[data-testid=outbox-pending]")


def product_ids(page: Page, names: list[str]) -> dict[str, str]:
    """name -> product id, from the catalog's links."""
    ids = {}
    for name in names:
        link = page.get_by_test_id("product-name").filter(
            has_text=re.compile(f"^{re.escape(name)}$")
        )
        ids[name] = link.first.get_attribute("href").rsplit("/", 1)[-1]
    return ids


def commands_sent(context: BrowserContext) -> list[tuple[str, str, str]]:
    """Every command request the pages send: (method, path, Idempotency-Key)."""
    sent: list[tuple[str, str, str]] = []

    def record(request):
        if request.method != "GET" and COMMAND_PATH.search(request.url):
            key = request.headers.get("idempotency-key", "")
            sent.append((request.method, request.url.split("/api", 1)[1], key))

    context.on("request", record)
    return sent


def test_after_one_visit_the_shop_opens_offline(shop, context, tab):
    page = tab
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    card_add(page, names[0])
    page.get_by_test_id("cart-badge").click()
    page.wait_for_url(shop.url + "/cart")
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    page.goto(shop.url + "/catalog")
    visit_catalog(page)
    ready_for_offline(page)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("live-status")).to_have_text("Offline")
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    expect(page.get_by_test_id("product-name").filter(has_text=names[0])).to_be_visible()
    expect(page.get_by_test_id("stale-notice")).to_contain_text(
        "You're offline — showing what was saved"
    )
    shot(page, "01-catalog-offline")

    page.get_by_test_id("cart-badge").click()  # a client-side move, then a reload
    page.wait_for_url(shop.url + "/cart")
    page.reload()
    expect(page.get_by_test_id("cart-line-name")).to_have_text(names[0])
    expect(page.get_by_test_id("user-name")).to_have_text("Alice Archer")
    shot(page, "02-cart-offline")

    page.goto(shop.url + "/")  # never visited as such: any saved shell page serves it
    expect(
        page.get_by_role("heading", name="Everyday goods from independent makers")
    ).to_be_visible()
    shot(page, "02b-home-never-visited-offline")
    page.goto(shop.url + "/catalog")
    notice = page.get_by_test_id("stale-notice")
    expect(notice).to_contain_text("You're offline")
    context.set_offline(False)
    # Back online, the bar says so (not a fault that is over) and offers the latest.
    expect(notice).to_contain_text("You're back online")
    notice.get_by_role("button", name="Show the latest").click()
    expect(notice).to_be_hidden()
    clear_server_cart(shop)


def test_offline_cart_and_checkout_flush_in_order_into_one_order(shop, context, tab):
    page = tab
    sent = commands_sent(context)
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    ids = product_ids(page, names)
    page.get_by_test_id("cart-badge").click()
    expect(page.get_by_test_id("cart-empty")).to_be_visible()
    page.goto(shop.url + "/catalog")
    visit_catalog(page)
    ready_for_offline(page)
    orders_before = server_orders(shop)

    context.set_offline(True)
    for name in names:
        card_add(page, name)
    expect(pending(page)).to_have_attribute("data-count", "3")
    expect(page.get_by_test_id("cart-count")).to_have_text("3")
    page.get_by_test_id("cart-badge").click()
    expect(page.get_by_test_id("cart-line")).to_have_count(3)
    expect(page.get_by_test_id("cart-line-pending")).to_have_count(3)
    shot(page, "03-cart-pending-offline")
    order_id = check_out(page)
    expect(page.get_by_test_id("order-pending")).to_be_visible()
    expect(pending(page)).to_have_attribute("data-count", "4")
    # The lines belong to the order waiting to be sent: the cart counts none of them.
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    shot(page, "04-order-pending-offline")

    page.reload()  # still offline: the commands are on the device
    expect(page.get_by_test_id("order-pending")).to_be_visible()
    expect(pending(page)).to_have_attribute("data-count", "4")
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    # What was ordered, and where it goes, as the shopper saw them at checkout.
    pending_order = page.get_by_test_id("order-pending")
    expect(pending_order.get_by_test_id("order-line")).to_have_count(3)
    expect(pending_order.get_by_test_id("order-total")).not_to_be_empty()
    expect(pending_order.get_by_test_id("order-shipping")).to_be_visible()
    page.goto(shop.url + "/outbox")
    expect(page.get_by_test_id("outbox-pending-row")).to_have_count(4)
    labels = page.get_by_test_id("outbox-label").all_inner_texts()
    assert labels[:3] == [f"Add 1 × {name} to the cart" for name in names]
    assert labels[3].startswith("Place order ")
    shot(page, "05-outbox-page-offline")
    assert sent == []

    context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=20_000)
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    assert [(method, path) for method, path, _ in sent] == [
        ("POST", "/cart/items"),
        ("POST", "/cart/items"),
        ("POST", "/cart/items"),
        ("POST", "/orders"),
    ]
    assert len({key for _, _, key in sent}) == 4
    new_orders = [o for o in server_orders(shop) if o not in orders_before]
    assert new_orders == [{"id": order_id, "lines": {ids[name]: 1 for name in names}}]
    page.goto(shop.url + f"/orders/{order_id}")
    expect(page.get_by_test_id("order-detail")).to_be_visible()
    expect(page.get_by_test_id("order-line")).to_have_count(3)
    shot(page, "06-order-placed-after-reconnect")


def test_server_errors_are_retried_and_refusals_wait_in_the_dead_letter_list(shop, context, tab):
    page = tab
    clear_server_cart(shop)
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    ids = product_ids(page, names)
    ready_for_offline(page)
    answers: list[int] = []

    def fail_twice(route):
        if len(answers) < 2:
            answers.append(500)
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error</h1>")
        else:
            answers.append(200)
            route.continue_()

    page.route("**/bff/cart/api/cart/items", fail_twice)
    context.set_offline(True)
    card_add(page, names[0])
    # A command the cart BFF refuses: 500 units are more than a cart line may hold.
    page.evaluate(
        """(productId) => import('@bazaar/platform').then(({ createBffClient, outbox }) => {
            const bff = createBffClient('/bff/cart/api', { auth: true });
            outbox.submit(bff, { method: 'PUT', path: `/cart/items/${productId}`,
                body: { quantity: 500 }, label: 'Change the quantity to 500', app: '@bazaar/cart' });
        })""",
        ids[names[0]],
    )
    expect(pending(page)).to_have_attribute("data-count", "2")

    context.set_offline(False)
    expect(page.get_by_test_id("outbox-failed")).to_have_attribute(
        "data-count", "1", timeout=20_000
    )
    expect(pending(page)).to_have_count(0)
    assert answers == [500, 500, 200]
    (cart,) = server_carts(shop).values()
    assert cart == {ids[names[0]]: 1}

    page.get_by_test_id("outbox-failed").click()
    page.wait_for_url(shop.url + "/outbox")
    row = page.get_by_test_id("outbox-dead-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("outbox-dead-reason")).to_contain_text("quantity")
    expect(row.get_by_test_id("outbox-dead-reason")).not_to_contain_text("422")  # shoppers' words
    shot(page, "07-dead-letter")
    # The developer view (a dev environment offers it in the footer) adds the request's status.
    page.get_by_role("button", name="Developer view").click()
    expect(row.get_by_test_id("outbox-dead-reason")).to_contain_text("422")
    expect(page.get_by_test_id("outbox-dead-list")).to_contain_text("PUT /bff/cart/api/cart/items/")
    row.get_by_role("button", name="Discard").click()
    expect(page.get_by_test_id("outbox-dead-row")).to_have_count(0)
    expect(page.get_by_test_id("outbox-status")).to_be_hidden()


def test_two_tabs_send_each_command_once(shop, context, tab):
    first = tab
    clear_server_cart(shop)
    sent = commands_sent(context)
    shop.sign_in(first, "/catalog")
    names = visit_catalog(first)
    ids = product_ids(first, names)
    ready_for_offline(first)
    second = context.new_page()
    second.goto(shop.url + "/catalog")
    visit_catalog(second)

    context.set_offline(True)
    card_add(first, names[0])
    card_add(second, names[1])
    card_add(first, names[2])
    for page in (first, second):
        expect(pending(page)).to_have_attribute("data-count", "3")

    context.set_offline(False)  # both tabs come online at once, and both flush
    for page in (first, second):
        expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=20_000)
    keys = [key for _, _, key in sent]
    assert len(keys) == 3 and len(set(keys)) == 3, sent
    (cart,) = server_carts(shop).values()
    assert cart == {ids[name]: 1 for name in names}
    second.close()


@pytest.fixture(scope="module")
def short_token_shop(tmp_path_factory):
    """Access tokens that live 20 s, renewed by the shell 5 s before they expire."""
    server = start_server(
        tmp_path_factory, IDP_ACCESS_TOKEN_SECONDS="20", BAZAAR_TOKEN_RENEW_BEFORE_SECONDS="5"
    )
    yield server
    server.stop()


def test_a_token_that_expired_offline_is_renewed_for_the_flush(short_token_shop, context, tab):
    shop, page = short_token_shop, tab
    tokens: list[tuple[float, str]] = []
    page.on(
        "request",
        lambda r: (
            "/bff/" in r.url
            and r.headers.get("authorization")
            and tokens.append((time.time(), r.headers["authorization"]))
        ),
    )
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    ready_for_offline(page)

    context.set_offline(True)
    card_add(page, names[0])
    queued_at = time.time()
    last_token = tokens[-1][1]
    page.wait_for_timeout(22_000)  # the token the page held is past its expiry now

    context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=20_000)
    flush_tokens = [token for at, token in tokens if at > queued_at]
    assert flush_tokens and last_token not in flush_tokens
    (cart,) = server_carts(shop).values()
    assert sum(cart.values()) == 1


def test_a_session_that_ended_offline_asks_to_sign_in_then_syncs(short_token_shop, context, tab):
    shop, page = short_token_shop, tab
    clear_server_cart(shop)
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    ids = product_ids(page, names)
    ready_for_offline(page)

    context.set_offline(True)
    card_add(page, names[1])
    # While the shopper is away, the shop ends every session (a sign-out elsewhere, say).
    server_json(
        shop,
        "from django.contrib.sessions.models import Session\n"
        "result = Session.objects.all().delete()[0]",
    )
    page.wait_for_timeout(22_000)  # and the token the page held expires
    context.set_offline(False)
    paused = page.get_by_test_id("outbox-status").locator("[data-testid=outbox-paused]")
    expect(paused).to_have_text("Sign in to sync", timeout=20_000)
    expect(pending(page)).to_have_attribute("data-count", "1")
    shot(page, "08-sign-in-to-sync")
    assert server_carts(shop) == {}

    paused.click()
    if page.get_by_label("Username").count():  # the provider may still know the shopper
        sign_in_on_provider_form(page, "alice", "alice-password")
    page.wait_for_url(re.compile(re.escape(shop.url) + r"/catalog"))
    expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=20_000)
    (cart,) = server_carts(shop).values()
    assert cart == {ids[names[1]]: 1}


WISHLIST_ENTRY = """() => JSON.parse(document.querySelector("script[type=importmap]").textContent)
    .imports["@bazaar/wishlist"]"""

CACHED_URLS = """async () => {
    const urls = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
}"""


def test_a_new_revision_caches_its_modules_and_drops_the_old_ones_after_reload(
    shop, context, tab, tmp_path
):
    page = tab
    page.goto(shop.url + "/catalog")
    ready_for_offline(page)
    old_path = page.evaluate(WISHLIST_ENTRY)
    assert old_path in page.evaluate(CACHED_URLS)

    # A team deploys a new version of the wish list while the page is open.
    shop.deploy_version("wishlist", "9.1.0", tmp_path)
    old_version = json.loads((ROOT / "microapps/wishlist/manifest.json").read_text())["version"]
    new_path = old_path.replace(f"/{old_version}/", "/9.1.0/")
    notice = page.get_by_test_id("update-notice")
    expect(notice).to_be_visible(timeout=10_000)
    revision = page.locator("meta[name=bazaar-revision]").get_attribute("content")

    # The new worker installs beside the old one and precaches the new modules; the old
    # modules stay while this tab uses them.
    deadline = time.monotonic() + 30
    while not page.evaluate(
        "async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting)"
    ):
        assert time.monotonic() < deadline, "no new service worker was installed"
        page.wait_for_timeout(200)
    cached = page.evaluate(CACHED_URLS)
    assert new_path in cached and old_path in cached

    notice.get_by_role("button", name="Reload").click()  # the only tab: the new worker takes over
    expect(page.get_by_test_id("update-notice")).to_be_hidden()
    expect(page.locator("meta[name=bazaar-revision]")).not_to_have_attribute("content", revision)
    assert page.evaluate(WISHLIST_ENTRY) == new_path
    deadline = time.monotonic() + 15
    while old_path in (cached := page.evaluate(CACHED_URLS)):
        assert time.monotonic() < deadline, "the old revision's modules were not dropped"
        page.wait_for_timeout(200)
    assert new_path in cached


def advance_shipment(shop, order_id: str, step: int) -> str:
    """The fulfilment worker's next step for the order, taken now (not when it is due), once
    the fulfilment BFF has heard of the order."""
    return server_json(
        shop,
        "import time\n"
        "from django.db import transaction\n"
        "from bffs.fulfilment import services\n"
        "shipment = None\n"
        "for _ in range(100):\n"
        "    with transaction.atomic(using='fulfilment'):\n"
        f"        shipment = services.shipment_advance(order_id={order_id!r},"
        f" now=int(time.time() * 1000) + {step} * 3_600_000)\n"
        "    if shipment: break\n"
        "    time.sleep(0.1)\n"
        "result = shipment.status if shipment else None",
    )


def test_updates_missed_offline_arrive_on_reconnect_and_are_saved(shop, context, tab):
    page = tab
    clear_server_cart(shop)
    shop.sign_in(page, "/catalog")
    names = visit_catalog(page)
    card_add(page, names[0])
    page.get_by_test_id("cart-badge").click()
    order_id = check_out(page)
    status = page.get_by_test_id("order-status")
    expect(status).to_have_text(re.compile("placed", re.I))
    ready_for_offline(page)

    context.set_offline(True)
    expect(page.get_by_test_id("live-status")).to_have_text("Offline")
    assert advance_shipment(shop, order_id, step=1) == "paid"
    assert advance_shipment(shop, order_id, step=2) == "shipped"
    page.wait_for_timeout(1500)
    expect(status).to_have_text(re.compile("placed", re.I))  # nothing arrives offline

    context.set_offline(False)
    expect(status).to_have_text(re.compile("shipped", re.I), timeout=20_000)
    shot(page, "09-missed-updates-arrived")

    context.set_offline(True)  # the saved order took the updates: offline, it says shipped
    page.reload()
    expect(page.get_by_test_id("order-status")).to_have_text(re.compile("shipped", re.I))
    context.set_offline(False)
