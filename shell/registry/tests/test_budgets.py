"""Size budgets at deploy: a release whose route (its entry and static imports, as built,
brotli) weighs more than its budget is refused with the sizes of its largest modules, unless
the deployer gives a reason, which the history records; what loads lazily is not counted."""

from __future__ import annotations

import base64
import random

import pytest
from django.test import Client

from shell.registry.models import Release, Revision
from shell.testing.factories import manifest

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}


def noise(kb: int, seed: int) -> str:
    """A JS module of ``kb`` KB that brotli cannot shrink much (random base64 text)."""
    data = random.Random(seed).randbytes(kb * 1024)
    return f'export const blob = "{base64.b64encode(data).decode()}";\n'


ENTRY = 'import { blob } from "./heavy.js";\nexport async function mount() { return blob; }\n'
LAZY_ENTRY = 'export async function mount() { return (await import("./heavy.js")).blob; }\n'


def deploy(version: str, files: dict[str, str], **fields):
    body = {
        "manifests": [
            {"manifest": manifest(version=version, **fields.pop("manifest", {})), "files": files}
        ],
        **fields,
    }
    return Client(HTTP_HOST="127.0.0.1").post(
        "/api/registry/releases", body, content_type="application/json", **AUTH
    )


def test_a_release_over_its_budget_is_refused_naming_its_largest_modules(settings):
    settings.BAZAAR_APP_BUDGET_KB = 4
    response = deploy("1.0.0", {"src/main.js": ENTRY, "src/heavy.js": noise(6, 1)})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail.startswith("budget: @bazaar/demo@1.0.0 weighs ")
    assert "over its budget of 4.0 KB" in detail
    assert "build/" in detail and "KB" in detail.split("largest: ")[1]  # the modules, sized
    assert (Revision.objects.count(), Release.objects.count()) == (0, 0)  # nothing kept


def test_a_manifest_budget_takes_the_place_of_the_registrys(settings):
    settings.BAZAAR_APP_BUDGET_KB = 4
    files = {"src/main.js": ENTRY, "src/heavy.js": noise(6, 2)}
    assert deploy("1.0.0", files, manifest={"budget": 12}).status_code == 201
    refused = deploy("1.1.0", files, manifest={"budget": 2})
    assert refused.status_code == 422 and "budget of 2.0 KB" in refused.json()["detail"]


def test_a_release_over_its_budget_goes_with_a_reason_the_history_keeps(settings):
    settings.BAZAAR_APP_BUDGET_KB = 4
    files = {"src/main.js": ENTRY, "src/heavy.js": noise(6, 3)}
    response = deploy("1.0.0", files, over_budget="the launch cannot wait; split in 1.1")
    assert response.status_code == 201, response.content
    message = Revision.objects.get().message
    assert "@bazaar/demo@1.0.0 over budget" in message
    assert "the launch cannot wait; split in 1.1" in message
    [app] = Client().get("/api/registry/apps").json()
    assert app["releases"][0]["route_bytes"] > 4 * 1024


def test_what_loads_lazily_is_not_counted(settings):
    settings.BAZAAR_APP_BUDGET_KB = 4
    files = {"src/main.js": LAZY_ENTRY, "src/heavy.js": noise(6, 4)}
    assert deploy("1.0.0", files).status_code == 201
    [app] = Client().get("/api/registry/apps").json()
    assert app["releases"][0]["route_bytes"] < 1024


def test_the_demo_apps_are_within_the_default_budget(settings):
    from pathlib import Path

    from shell.registry import budgets
    from shell.registry.bundles import bundle_from_directory

    root = Path(settings.BASE_DIR) / "microapps"
    for folder in sorted(p for p in root.iterdir() if (p / "manifest.json").exists()):
        bundle = bundle_from_directory(folder / "manifest.json")
        assert budgets.weigh(bundle).total <= budgets.budget_of(bundle), folder.name
