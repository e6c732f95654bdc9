"""schemathesis against every BFF and the registry API of a real server (daphne, the real
OpenID provider): generated valid and invalid requests, authenticated as a real signed-in user
(admin, who also shops) and with the deploy token, checked for server errors, status codes and
response bodies that the OpenAPI documents do not declare, and content types.

Every BFF is fuzzed: they are found as the shell finds them (``bazaar.discovery``: every
``bffs/<name>/`` with an ``apps.py``), so one added by ``manage.py startmicroapp`` is fuzzed
with no edit here.

The server is this module's own: the fuzzer deploys, rolls back and places orders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bazaar.discovery import discover_bffs
from tests.live import ARTIFACTS, ROOT, sign_in_on_provider_form, start_server

pytestmark = pytest.mark.browser  # the user's token comes from a real sign-in in Chromium

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "response_schema_conformance",
        "content_type_conformance",
    ]
)
MAX_EXAMPLES = 20  # per operation and phase: enough to find undeclared answers, quick enough
BFFS = discover_bffs(ROOT / "bffs")
PLATFORM_APIS = {"registry": "/api/registry", "import-map-deployer": "/services", "rum": "/rum"}
APIS = {**{bff: f"/bff/{bff}/api" for bff in BFFS}, **PLATFORM_APIS}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory, browser):
    server = start_server(tmp_path_factory)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_test_id("account").get_by_role("link", name="Sign in").click()
    sign_in_on_provider_form(page, "admin", "admin-password")
    page.wait_for_url(server.url + "/")

    def token() -> str:  # a fresh one for each API (they last 5 minutes)
        return page.evaluate(
            "fetch('/oidc/token/').then((r) => r.json()).then((b) => b.access_token)"
        )

    yield server, token
    context.close()
    server.stop()


@pytest.mark.parametrize("api", APIS)
def test_every_answer_is_declared_in_the_openapi(fuzzed, api):
    server, token = fuzzed
    bearer = server.deploy_token if api in PLATFORM_APIS else token()
    base = server.url + APIS[api]
    report = ARTIFACTS / f"schemathesis-{api}.txt"
    ARTIFACTS.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "st"),
            "run",
            f"{base}/openapi.json",
            "--url",
            server.url,  # the documents' paths are absolute
            "--header",
            f"Authorization: Bearer {bearer}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "20261130",
            "--generation-database",
            "none",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, (
        f"schemathesis found problems (see {report}):\n" + (result.stdout[-6000:])
    )
