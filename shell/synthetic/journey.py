"""Synthetics: a shopper's journey in headless Chromium against any deployment (``manage.py
synthetics``). A :class:`Journey` runs named steps (functions of the :class:`Visit`), timed; the
first to fail ends it with a :class:`Failure`: why, where, the page's alerts, console errors and
failed requests of that step, a screenshot. Only the apps' data-testid hooks are used."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = (
    "--no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --disable-sync --disable-quic --no-first-run"
).split()
SHIPPING = {  # the checkout form, as a shopper fills it in
    "checkout-name": "Sam Synthetic",
    "checkout-email": "synthetics@example.com",
    "checkout-address": "1 Monitoring Lane",
    "checkout-city": "Portsmouth",
    "checkout-postal-code": "PO1 3AX",
}
ORDER_PATH = re.compile(r"/orders/([A-Za-z0-9-]+)$")


class StepFailed(Exception):
    """A step's check failed; the message is the sentence the report shows."""


class SetupError(Exception):
    """The journey could not start (no Playwright here, Chromium would not start)."""


@dataclass
class Options:
    base_url: str
    user: str
    password: str
    artifacts: Path
    chromium: str
    timeout: float = 15.0  # seconds each wait of a step may take
    delivery_timeout: float = 60.0  # seconds from "placed" to "delivered"


@dataclass
class StepResult:
    name: str
    ms: int
    ok: bool
    detail: str = ""


@dataclass
class Failure:
    step: str
    reason: str
    url: str
    page_said: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    screenshot: str | None = None


@dataclass
class Result:
    base_url: str
    user: str
    steps: list[StepResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failure: Failure | None = None
    total_ms: int = 0


class Watch:
    """What went wrong in the page during a step: console errors, uncaught exceptions, requests
    that failed or had an error answer (but 404s, which the apps handle, and aborted ones)."""

    def __init__(self, page) -> None:
        self.reset()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._keep(self.console_errors, str(error)))
        page.context.on("requestfailed", self._request_failed)
        page.context.on("response", self._response)

    def reset(self) -> None:
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []

    def _keep(self, into: list[str], text: str) -> None:
        if len(into) < 10 and text not in into:
            into.append(text)

    def _console(self, message) -> None:  # "Failed to load resource" repeats a failed request
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self._keep(self.console_errors, message.text)

    def _request_failed(self, request) -> None:
        if "ERR_ABORTED" not in (reason := request.failure or "failed"):
            self._keep(self.failed_requests, f"{request.method} {_bare(request.url)}: {reason}")

    def _response(self, answer) -> None:
        if answer.status >= 400 and answer.status != 404:
            said = f"{answer.status} {answer.status_text}".rstrip()
            self._keep(self.failed_requests, f"{answer.request.method} {_bare(answer.url)}: {said}")


class Visit:
    """The browser page and what the steps found so far (the product, the order)."""

    def __init__(self, page, options: Options) -> None:
        self.page, self.options = page, options
        self.base = options.base_url.rstrip("/")
        self.product = self.listed = ""  # the product the catalog step picked, its count

    def on_shop(self, path: str | re.Pattern | None = None) -> bool:
        """The page is the shop's (at ``path``: exactly, or a pattern searched)."""
        if not self.page.url.startswith(self.base + "/"):
            return False
        here = self.page.url[len(self.base) :]
        if isinstance(path, re.Pattern):
            return bool(path.search(here))
        return path is None or here == path

    def until(self, what: str, check: Callable, timeout: float | None = None):
        """Poll ``check`` until it gives something true (returned); on timeout the step fails
        with "``what`` within N s". ``check`` may raise StepFailed to fail at once."""
        seconds = self.options.timeout if timeout is None else timeout
        deadline = time.monotonic() + seconds
        while not (value := check()):
            if time.monotonic() > deadline:
                raise StepFailed(f"{what} within {seconds:g} s")
            self.page.wait_for_timeout(200)
        return value

    def visible(self, locator, what: str):
        try:
            locator.wait_for(state="visible", timeout=self.options.timeout * 1000)
        except Exception as error:
            if type(error).__name__ != "TimeoutError":
                raise
            raise StepFailed(f"{what} did not appear within {self.options.timeout:g} s") from None
        return locator

    def alerts(self) -> list[str]:
        """What the page says in its alerts (an app's error panel, the provider's refusal)."""
        try:
            alerts = [a for a in self.page.locator("[role=alert]").all() if a.is_visible()]
            said = [" ".join(a.inner_text(timeout=1000).split())[:300] for a in alerts]
        except Exception:  # a page that crashed or is navigating says nothing more
            return []
        return list(dict.fromkeys(text for text in said if text))[:5]


@dataclass
class Journey:
    """Named steps run in order, each timed; the first failure ends the journey."""

    steps: list[tuple[str, Callable[[Visit], str]]]

    def run(self, options: Options, report: Callable[[StepResult], None] = lambda r: None):
        """The journey in a new headless Chromium; ``report`` hears of each step as it ends."""
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise SetupError("Playwright is not installed here (pip install playwright)") from None
        result = Result(base_url=options.base_url, user=options.user)
        started = time.perf_counter()
        with sync_playwright() as pw:
            try:
                browser = pw.chromium.launch(executable_path=options.chromium, args=CHROMIUM_ARGS)
            except Exception as error:
                raise SetupError(f"Chromium did not start: {condense(error)}") from None
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.set_default_timeout(options.timeout * 1000)
                watch, visit = Watch(page), Visit(page, options)
                for index, (name, step) in enumerate(self.steps):
                    report(done := self._step(name, step, visit, watch, result))
                    if not done.ok:
                        result.skipped = [later for later, _ in self.steps[index + 1 :]]
                        break
            finally:
                browser.close()
        result.total_ms = _ms_since(started)
        return result

    def _step(self, name: str, step, visit: Visit, watch: Watch, result: Result) -> StepResult:
        watch.reset()
        began = time.perf_counter()
        try:
            detail = step(visit)
        except Exception as error:
            done = StepResult(name, _ms_since(began), ok=False)
            result.failure = Failure(
                step=name,
                reason=condense(error),
                url=visit.page.url,
                page_said=visit.alerts(),
                console_errors=watch.console_errors,  # a new list each step
                failed_requests=watch.failed_requests,
                screenshot=_screenshot(visit.page, visit.options.artifacts, name),
            )
        else:
            done = StepResult(name, _ms_since(began), ok=True, detail=detail or "")
        result.steps.append(done)
        return done


def condense(error: Exception) -> str:
    """A Playwright error (or a step's own) as one sentence, without the call log."""
    if isinstance(error, StepFailed):
        return str(error)
    lines = [line.strip() for line in str(error).splitlines() if line.strip()] or [""]
    head = re.sub(r"^[A-Z][\w.]*\.\w+: ", "", lines[0])  # "Locator.click: …"
    waiting = next((line[2:] for line in lines if line.startswith("- waiting for")), None)
    if timed_out := re.match(r"Timeout (\d+)ms exceeded", head):
        sentence = f"timed out after {int(timed_out.group(1)) / 1000:g} s"
        return f"{sentence} {waiting}" if waiting else sentence
    if network := re.match(r"net::(ERR_[A-Z_]+) at (\S+)", head):
        return f"the browser could not open {network.group(2)} ({network.group(1)})"
    playwright = type(error).__module__.startswith("playwright")
    return head if playwright and head else f"{type(error).__name__}: {head}"


def _ms_since(began: float) -> int:
    return round((time.perf_counter() - began) * 1000)


def _bare(url: str) -> str:  # without its query: a sign-in's code and state stay out of reports
    return url.split("?", 1)[0]


def _screenshot(page, folder: Path, step: str) -> str | None:
    path = folder / f"synthetics-{time.strftime('%Y%m%d-%H%M%S')}-{step.replace(' ', '-')}.png"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True, timeout=10_000)
    except Exception:
        return None
    return str(path)


def _text(locator) -> str:
    return " ".join(locator.inner_text().split())


# The storefront's steps. Each returns a few words on what it saw (printed after its time).


def home(visit: Visit) -> str:
    visit.page.goto(visit.base + "/")
    ready = "() => document.documentElement.dataset.shell === 'ready'"
    visit.until("the shell did not start", lambda: visit.page.evaluate(ready))
    cards = visit.page.get_by_test_id("product-card")
    visit.visible(cards.first, "the featured products")
    return f"{cards.count()} featured products"


def catalog(visit: Visit) -> str:
    page = visit.page
    page.locator(".site-nav a[href='/catalog']").first.click()
    visit.until("the catalog did not open", lambda: visit.on_shop("/catalog"))
    visit.visible(page.get_by_test_id("product-card").first, "the catalog's products")
    in_stock = page.get_by_test_id("product-card").filter(
        has=page.get_by_test_id("stock-badge").filter(has_text=re.compile(r"^In stock$"))
    )
    names = in_stock.get_by_test_id("product-name").all_inner_texts()
    if not names:
        raise StepFailed("no product on the catalog's first page is in stock")
    visit.product, visit.listed = names[0].strip(), _text(page.get_by_test_id("result-count"))
    return f"{visit.listed}; picked {visit.product!r}"


def search(visit: Visit) -> str:
    box = visit.visible(visit.page.get_by_test_id("header-search"), "the header's search box")
    box.fill(visit.product)
    box.press("Enter")
    count = visit.page.get_by_test_id("result-count")
    shown = lambda: count.is_visible() and _text(count) != visit.listed  # noqa: E731
    visit.until("the search showed no results of its own", shown)
    visit.visible(_product_link(visit), f"{visit.product!r} among the results")
    return f"{visit.product!r}: {_text(count)}"


def sign_in(visit: Visit) -> str:
    page = visit.page
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    password = visit.visible(page.get_by_label("Password"), "the provider's sign-in form")
    page.get_by_label("Username").fill(visit.options.user)
    password.fill(visit.options.password)
    page.get_by_role("button", name="Sign in").click()

    def back_in_the_shop():
        if visit.on_shop():
            return page.get_by_test_id("user-name").is_visible()
        if page.get_by_label("Password").is_visible() and (said := visit.alerts()):
            raise StepFailed(f"the provider refused the sign-in: {said[0]}")
        return False

    visit.until("the provider did not send the browser back signed in", back_in_the_shop)
    return f"as {_text(page.get_by_test_id('user-name'))}"


def add_to_cart(visit: Visit) -> str:
    page = visit.page
    _product_link(visit).click()
    visit.until("the product page did not open", lambda: visit.on_shop(re.compile("^/catalog/p/")))
    title = page.get_by_test_id("product-title").filter(has_text=visit.product)
    visit.visible(title, "the product's page")
    button = page.get_by_test_id("add-to-cart")
    state = lambda: button.is_visible() and button.get_attribute("data-state")  # noqa: E731
    visit.until("the page offered no 'Add to cart'", lambda: state() in ("ready", "unavailable"))
    if state() == "unavailable":
        raise StepFailed(f"the product page says the cart is unavailable: {_text(button)}")
    toasts = page.get_by_test_id("toast")
    before = toasts.count()
    button.click()
    visit.until("the shop did not say if it added the product", lambda: toasts.count() > before)
    said = re.sub(r"^[✓!] |\s*×$", "", _text(toasts.last))  # its icon and its close button
    if toasts.last.get_attribute("data-tone") == "error":
        raise StepFailed(f"the shop could not add it: {said}")
    if "saved on this device" in said or page.get_by_test_id("outbox-status").is_visible():
        raise StepFailed(
            "the cart did not take the product: the shop kept it on this device to send later"
            f" (the cart's service did not answer). It said: {said}"
        )
    return said


def checkout(visit: Visit) -> str:
    page = visit.page
    page.get_by_test_id("cart-badge").click()
    visit.until("the cart did not open", lambda: visit.on_shop("/cart"))
    line = page.get_by_test_id("cart-line").filter(has_text=visit.product)
    visit.visible(line.first, f"{visit.product!r} in the cart")
    page.get_by_test_id("proceed-to-checkout").click()
    visit.until("checkout did not open", lambda: visit.on_shop("/checkout"))
    visit.visible(page.get_by_test_id("place-order"), "the checkout form")
    for test_id, value in SHIPPING.items():
        page.get_by_test_id(test_id).fill(value)
    page.get_by_test_id("place-order").click()

    def order_page():
        if (refusal := page.get_by_test_id("checkout-error")).is_visible():
            raise StepFailed(f"the order was refused: {_text(refusal)}")
        return visit.on_shop(ORDER_PATH)

    visit.until("the order page did not open after 'Place order'", order_page)
    visit.visible(page.get_by_test_id("order-status"), "the order's status")
    if page.get_by_test_id("order-pending").is_visible():
        raise StepFailed("the orders service did not take the order: it waits on this device")
    return f"order {ORDER_PATH.search(page.url).group(1)}"


def delivery(visit: Visit) -> str:
    status, seen = visit.page.get_by_test_id("order-status"), []

    def delivered():
        now = status.get_attribute("data-status") if status.is_visible() else None
        if now and seen[-1:] != [now]:
            seen.append(now)
        if now == "cancelled":
            reason = visit.page.get_by_test_id("order-cancel-reason")
            raise StepFailed(f"the order was cancelled. {_text(reason) if reason.count() else ''}")
        return now == "delivered"

    late = "the order did not reach 'delivered'"
    try:
        visit.until(late, delivered, visit.options.delivery_timeout)
    except StepFailed as late:
        if seen[-1:] == ["cancelled"]:
            raise
        raise StepFailed(f"{late} (it went: {' → '.join(seen) or 'no status'})") from None
    return " → ".join(seen)


def sign_out(visit: Visit) -> str:
    page = visit.page
    page.get_by_test_id("account").get_by_role("button", name="Sign out").click()

    def signed_out():
        if (dialog := page.get_by_test_id("signout-dialog")).is_visible():
            raise StepFailed(f"signing out asked first: {_text(dialog)}")
        link = page.get_by_test_id("account").get_by_role("link", name="Sign in")
        return visit.on_shop() and link.is_visible()

    visit.until("the shop did not show the signed-out page", signed_out)
    return "back on the shop, signed out"


def _product_link(visit: Visit):
    named = re.compile(f"^{re.escape(visit.product)}$")
    return visit.page.get_by_test_id("product-name").filter(has_text=named).first


STEPS = (home, catalog, search, sign_in, add_to_cart, checkout, delivery, sign_out)
STOREFRONT = Journey([(step.__name__.replace("_", " "), step) for step in STEPS])
