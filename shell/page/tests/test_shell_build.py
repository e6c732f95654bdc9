"""The shell's own modules, bundled at set-up (``manage.py build_shell``): pages load the
platform as one module and the root config as another, and never a build older than the
sources."""

from __future__ import annotations

import json

from django.conf import settings

from shell.registry import shared_modules as shared
from shell.registry.integrity import sri


def test_the_set_up_built_the_shell_and_the_import_map_names_the_build():
    record = shared.shell_build_record()
    assert record is not None, "make setup runs manage.py build_shell"
    modules = shared.shared_modules()
    url = f"{settings.STATIC_URL}shell/"
    assert modules.imports["@bazaar/platform"] == url + "build/platform/index.js"
    assert modules.imports["@bazaar/root-config"] == url + "build/root-config.js"
    # Built, the platform is one module: its files are not importable one by one.
    assert "@bazaar/platform/" not in modules.imports
    # Every page preloads the two, and what they import; the outbox page loads on demand.
    assert set(modules.preload) >= {
        url + "build/platform/index.js",
        url + "build/root-config.js",
    }
    assert not [u for u in modules.preload if "outbox-page" in u]
    for path in record["imports"]:
        assert modules.integrity[url + path] == sri((shared.SHELL_STATIC / path).read_bytes())
    assert not [u for u in modules.integrity if u.startswith(url) and "/build/" not in u]


def test_the_platform_is_one_instance_for_the_root_config_and_the_apps():
    root_config = (shared.SHELL_BUILD / "root-config.js").read_text()
    assert 'from"@bazaar/platform"' in root_config.replace(" ", "")
    record = json.loads((shared.SHELL_BUILD / shared.BUILD_RECORD).read_text())
    assert record["externals"]["build/root-config.js"] == ["@bazaar/platform", "single-spa"]


def test_a_build_older_than_the_sources_is_ignored(monkeypatch):
    edited = {**shared.shell_sources(), "platform/bus.js": b"export const bus = {};\n"}
    assert shared.shell_build_record(edited) is None
    monkeypatch.setattr(shared, "shell_build_record", lambda files=None: None)
    imports, files, preload = shared._shell_modules()
    assert imports["@bazaar/platform"] == "platform/index.js"
    assert imports["@bazaar/platform/"] == "platform/"
    assert "platform/bus.js" in files and "platform/bus.js" in preload
    assert "outbox-page.js" in files and "outbox-page.js" not in preload


def test_building_again_with_nothing_changed_does_nothing():
    assert shared.build_shell() is False
