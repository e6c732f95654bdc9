"""Shared test fixtures (a pytest plugin, so micro-app and BFF tests can use them too):
a real Bazaar server (daphne) and a real Chromium (Playwright).

pytest-django's live_server has no websockets, so the server runs as a subprocess with its
own data folder, set up with the same management commands ``make dev`` uses.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from shell.synthetic.journey import CHROMIUM_ARGS as SYNTHETICS_CHROMIUM_ARGS
from shell.testing.module_host import start_module_host

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = list(SYNTHETICS_CHROMIUM_ARGS)  # how this machine's Chromium is launched
ARTIFACTS = ROOT / "test-artifacts"
STOP_GRACE_SECONDS = 3  # a test server's processes get this long to stop before they are killed
SHELL_APPLICATION = "shell.asgi:application"


def run_synthetics(base_url: str, *args: str, timeout: float = 150) -> subprocess.CompletedProcess:
    """``manage.py synthetics --base-url base_url *args``, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "manage.py", "synthetics", "--base-url", base_url, *args],
        cwd=ROOT,
        env={**os.environ, "BAZAAR_ENV": "dev"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    idp_url: str
    env: dict
    data_dir: Path
    processes: list = field(default_factory=list)
    deploy_token: str = "dev-deploy-token"
    root: Path = ROOT  # the project it runs from (a copy, for tests that add apps to it)

    def manage(self, *args: str, settings: str = "shell.settings") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.root,
            env={**self.env, "DJANGO_SETTINGS_MODULE": settings},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def deploy_version(self, app: str, version: str, folder: Path) -> None:
        """What a team does: deploy ``microapps/<app>`` again as ``version`` (from a copy in
        ``folder``), with the same command ``make dev`` uses."""
        copy = folder / app
        shutil.copytree(ROOT / "microapps" / app, copy)
        manifest = json.loads((copy / "manifest.json").read_text())
        manifest["version"] = version
        (copy / "manifest.json").write_text(json.dumps(manifest))
        result = self.manage("deploy_microapp", str(copy / "manifest.json"), "--message", "test")
        assert result.returncode == 0, result.stdout + result.stderr

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.deploy_token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def sign_in(self, page, path: str, username: str = "alice") -> None:
        """Open ``path``, sign in as ``username`` through the dev OpenID provider's form, and
        come back to ``path`` (a protected page sends a signed-out visitor there at once)."""
        page.goto(self.url + path)
        if not page.url.startswith(self.idp_url):
            page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
        sign_in_on_provider_form(page, username, f"{username}-password")
        page.wait_for_url(self.url + path)

    def signed_in_session(self, username: str = "alice", next_path: str = "/catalog"):
        """A browser-like ``requests`` session signed in to the shop as ``username`` through
        the real provider's form (no browser): the shop's session cookie and the provider's."""
        import requests

        browser = requests.Session()
        login = browser.get(f"{self.url}/oidc/authenticate/?next={next_path}", timeout=10)
        back = submit_provider_form(browser, login, username)
        assert back.url == self.url + next_path, back.url
        return browser

    def access_token(self, username: str = "alice") -> str:
        """A real access token of ``username`` for the BFFs, as the page gets it."""
        answer = self.signed_in_session(username).get(f"{self.url}/oidc/token/", timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                # An open websocket keeps daphne's shutdown waiting for its application
                # (10 s by default): nothing of a test's server outlives the test anyway.
                process.kill()
                process.wait(timeout=10)


def submit_provider_form(browser, login, username: str, **options):
    """Send the dev provider's sign-in form (``login``: the answer that showed it) as
    ``username`` from a ``requests`` session; the answer (redirects followed unless
    ``allow_redirects=False``)."""
    assert "/accounts/login/" in login.url, login.url
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    return browser.post(
        login.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": f"{username}-password",
            "next": parse_qs(urlparse(login.url).query).get("next", [""])[0],
        },
        headers={"Referer": login.url},
        timeout=10,
        **options,
    )


def signed_in_at_provider(idp_url: str, username: str = "alice"):
    """A browser-like ``requests`` session signed in at the provider's own sign-in form."""
    import requests

    browser = requests.Session()
    login = browser.get(f"{idp_url}/accounts/login/", timeout=10)
    answer = submit_provider_form(browser, login, username, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    return browser


def sign_in_on_provider_form(page, username: str, password: str) -> None:
    """Fill in and send the dev OpenID provider's sign-in form."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def restart_shell(server: LiveServer) -> None:
    """Stop the shell process and start it again on the same port and data (what a second
    `make dev` does; the dev OpenID provider keeps running)."""
    [shell] = [p for p in server.processes if SHELL_APPLICATION in p.args]
    server.processes.remove(shell)
    shell.terminate()
    try:
        shell.wait(timeout=10)
    except subprocess.TimeoutExpired:
        shell.kill()
        shell.wait(timeout=10)
    _serve(server, "shell", SHELL_APPLICATION, int(server.url.rsplit(":", 1)[1]), server.env)


def run_in(project: Path, *args: str, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python *args`` in ``project`` (a copy, say) with ``env``; it must succeed."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def copy_project(destination: Path) -> Path:
    """The project's files (as git has them, uncommitted ones too) copied to ``destination``,
    sharing this checkout's npm modules and shell build: a project to add apps to."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / relative)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    build = ROOT / "shell" / "static" / "shell" / "build"
    if build.is_dir():
        shutil.copytree(build, destination / "shell" / "static" / "shell" / "build")
    return destination


def _serve(server: LiveServer, name: str, application: str, port: int, env: dict) -> None:
    log = open(server.data_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            application,
        ],
        cwd=server.root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.processes.append(process)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(
                f"{name} did not start:\n{(server.data_dir / f'{name}.log').read_text()}"
            )
        time.sleep(0.2)


# What a server's set-up writes (migrated datastores, the demo data and every app deployed; the
# provider's users and client) is made once per session for each kind of set-up and copied into
# each server's own folder: migrating, seeding and deploying again took 15-25 s a server. Only
# the settings below change nothing the set-up writes; any other setting a test gives makes a
# set-up of its own.
RUNTIME_ONLY = {
    "BAZAAR_SESSION_RENEW_SECONDS",
    "BAZAAR_FULFILMENT_DELAYS",
    "BAZAAR_DEV_OVERRIDES",
    "BAZAAR_APP_TIMEOUT_MS",
    "BAZAAR_LOG_FORMAT",
    "BAZAAR_HUB_WORKER",
    "BAZAAR_MODULE_FETCH_TIMEOUT_S",
    "BAZAAR_MODULE_FETCHES",
    "REDIS_URL",
}
_prepared: dict[tuple, Path] = {}
_preparing: dict[tuple, threading.Lock] = {}
_locks = threading.Lock()


def _set_up_once(server: LiveServer, key: tuple, folders: list[str], set_up, refresh) -> None:
    """Fill ``folders`` of the server's data folder: by ``set_up()`` the first time ``key`` is
    seen (and keep a copy), by copying that afterwards, then ``refresh()`` (what depends on
    this server's own address)."""
    with _locks:
        lock = _preparing.setdefault(key, threading.Lock())
    with lock:
        kept = _prepared.get(key)
        if kept is None:
            set_up()
            kept = server.data_dir.parent / f"{server.data_dir.name}-prepared"
            for folder in folders:
                if (server.data_dir / folder).exists():
                    shutil.copytree(server.data_dir / folder, kept / folder)
            _prepared[key] = kept
            return
    for folder in folders:
        if (kept / folder).exists():
            shutil.copytree(kept / folder, server.data_dir / folder)
    refresh()


def start_server(tmp_path_factory, root: Path = ROOT, **extra_env) -> LiveServer:
    """The shell (with every BFF) and the dev OpenID provider, as ``make dev`` runs them
    (from ``root``: this project, or a copy of it)."""
    data_dir = tmp_path_factory.mktemp("bazaar")
    port, idp_port = free_port(), free_port()
    url, idp_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{idp_port}"
    env = {
        **os.environ,
        "BAZAAR_ENV": "dev",
        "BAZAAR_DATA_DIR": str(data_dir / "db"),
        "BAZAAR_PUBLISH_ROOT": str(data_dir / "published"),
        "BAZAAR_IDP_DATA_DIR": str(data_dir / "idp"),
        "BAZAAR_APP_TIMEOUT_MS": "5000",
        "BAZAAR_HUB_WORKER": "embedded",
        "BAZAAR_OIDC_ISSUER": f"{idp_url}/o",
        "IDP_ISSUER": f"{idp_url}/o",
        "IDP_SHELL_URLS": url,
        "PYTHONUNBUFFERED": "1",
        **extra_env,
    }
    server = LiveServer(url=url, idp_url=idp_url, env=env, data_dir=data_dir, root=root)
    setup_env = tuple(sorted((k, v) for k, v in extra_env.items() if k not in RUNTIME_ONLY))

    def run(*steps: tuple[list[str], str]) -> None:
        for command, settings in steps:
            result = server.manage(*command, settings=settings)
            assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def provider() -> None:
        seed = (["seed_idp"], "idp.settings")  # again on a copy: the client's redirect URIs
        _set_up_once(
            server,
            ("idp", str(root), setup_env),
            ["idp"],
            lambda: run((["migrate", "--verbosity", "0"], "idp.settings"), seed),
            lambda: run(seed),
        )
        idp_env = {**env, "DJANGO_SETTINGS_MODULE": "idp.settings"}
        _serve(server, "idp", "idp.asgi:application", idp_port, idp_env)

    def shop() -> None:
        manifests = [str(m) for m in sorted(root.glob("microapps/*/manifest.json"))]
        _set_up_once(
            server,
            ("shop", str(root), setup_env),
            ["db", "published"],
            lambda: run(
                (["migrate_datastores"], "shell.settings"),
                (["seed_demo"], "shell.settings"),
                (["deploy_microapp", *manifests], "shell.settings"),
            ),
            lambda: None,
        )
        _serve(server, "shell", SHELL_APPLICATION, port, env)

    # The provider's chain and the shop's share nothing: they run side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        chains = [pool.submit(provider), pool.submit(shop)]
        failed = [chain.exception() for chain in chains if chain.exception() is not None]
    if failed:
        server.stop()
        raise failed[0]
    return server


@pytest.fixture(scope="session")
def live_server_process(tmp_path_factory):
    server = start_server(tmp_path_factory)
    yield server
    server.stop()


@pytest.fixture
def bazaar(live_server_process) -> LiveServer:
    return live_server_process


RENEW_SECONDS = 3  # the renewing shop's BAZAAR_SESSION_RENEW_SECONDS


@pytest.fixture(scope="session")
def renewing_bazaar(tmp_path_factory) -> LiveServer:
    """A shop that renews its sessions at the provider every RENEW_SECONDS (silent sign-in)."""
    server = start_server(tmp_path_factory, BAZAAR_SESSION_RENEW_SECONDS=str(RENEW_SECONDS))
    yield server
    server.stop()


REDIS_URL = os.environ.get("BAZAAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def two_shells(tmp_path_factory):
    """Two shell processes sharing the Redis channel layer (as replicas do): the first runs
    the hub worker, the second serves pages and websockets. (server, the second's URL)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is needed at {REDIS_URL} for this test: {error}")
    server = start_server(tmp_path_factory, REDIS_URL=REDIS_URL)
    second_port = free_port()
    _serve(
        server,
        "shell-2",
        "shell.asgi:application",
        second_port,
        {**server.env, "BAZAAR_HUB_WORKER": "off"},
    )
    yield server, f"http://127.0.0.1:{second_port}"
    server.stop()


def chromium_path() -> str:
    path = os.environ.get("BAZAAR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def cdn():
    """A CDN stand-in on loopback (shell.testing.module_host) for a test module: where modules
    hosted elsewhere, a team's dev server or a shared library answer from."""
    host, server = start_module_host()
    yield host
    server.shutdown()


@pytest.fixture(scope="module")
def cdn_shop(tmp_path_factory, cdn):
    """A shop that takes modules from the CDN stand-in (its origin in BAZAAR_SCRIPT_ORIGINS)."""
    server = start_server(tmp_path_factory, BAZAAR_SCRIPT_ORIGINS=cdn.origin)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    service_workers = "block" if request.node.get_closest_marker("no_service_worker") else "allow"
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, service_workers=service_workers
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: _collect_console_error(message, errors))
    page.console_errors = errors
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _collect_console_error(message, errors: list[str]) -> None:
    """console.error from the page's code (an AppSlot failure, say). Chromium's own "Failed to
    load resource" lines are left out: they report answers such as a 404 for a product that is
    not in the wish list, which the apps handle, and no page can keep them off the console."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
