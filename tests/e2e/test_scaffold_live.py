"""Adding a micro-app to a running shop: scaffolded and deployed while the shell runs, it is
on the next page load with no restart. Its BFF runs in the shell's process in the embedded
mode, so until that process restarts the new app shows its "not available" state while the
rest of the shop works; after the restart (what a second `make dev` does) it answers."""

import pytest
from playwright.sync_api import expect

from tests.live import copy_project, restart_shell, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_server(tmp_path_factory, root=copy_project(tmp_path_factory.mktemp("project")))
    yield server
    server.stop()


def test_a_scaffolded_app_is_on_the_next_page_load_without_a_restart(shop, page):
    page.goto(shop.url + "/catalog")
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    assert page.get_by_role("link", name="Finder").count() == 0

    created = shop.manage("startmicroapp", "finder", "--kind", "search")
    assert created.returncode == 0, created.stderr
    deployed = shop.manage("deploy_microapp", "microapps/finder/manifest.json")
    assert deployed.returncode == 0, deployed.stderr

    page.goto(shop.url + "/catalog")  # the next page load: no restart happened
    page.locator(".site-nav").get_by_role("link", name="Finder").click()
    app = page.get_by_test_id("finder-page")
    expect(app.get_by_role("heading", name="Finder")).to_be_visible()
    app.get_by_label("Search the shop").fill("kettle")
    app.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("finder-error")).to_contain_text("not available right now")
    page.goto(shop.url + "/catalog")  # the rest of the shop is unaffected
    expect(page.get_by_test_id("product-card").first).to_be_visible()

    migrated = shop.manage("migrate_datastores")
    assert migrated.returncode == 0, migrated.stderr
    restart_shell(shop)
    # The new BFF's listener catches up on the catalog's events from the start of the stream:
    # a search finds products once it has (the page is loaded again until then).
    hits = page.get_by_test_id("finder-hit")
    for _ in range(30):
        page.goto(shop.url + "/finder?q=kettle")
        page.get_by_test_id("finder-page").get_by_role("list").or_(
            page.get_by_text("Nothing matches")
        ).first.wait_for()
        if hits.count():
            break
        page.wait_for_timeout(1000)
    expect(hits.first).to_contain_text("Kettle")
