import pytest

from shell.registry.manifest import (
    ManifestError,
    Route,
    parse_manifest,
    route_matches,
    routes_clash,
)
from shell.testing.factories import manifest


def test_a_complete_manifest_is_accepted_with_defaults_filled_in():
    parsed = parse_manifest(manifest())
    assert parsed.slug == "demo"
    assert parsed.auth.required is False
    assert parsed.mountPoints["nav"][0].order == 100


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": None}, "name", "string"),
        ({"name": "catalog"}, "name", "@scope/name"),
        ({"version": "1.0"}, "version", "semantic version"),
        ({"version": "v1.0.0"}, "version", "semantic version"),
        ({"entry": "/abs/main.js"}, "entry", "relative path"),
        ({"entry": "src/../../etc/passwd.js"}, "entry", "relative path"),
        ({"entry": "src/main.ts"}, "entry", ".js"),
        ({"routes": [{"path": "catalog"}]}, "routes.0.path", "must start with '/'"),
        ({"routes": [{"path": "/cat alog"}]}, "routes.0.path", "segment"),
        ({"mountPoints": {"nav": [{"label": "x"}]}}, "mountPoints.nav.0", "exactly one"),
        ({"mountPoints": {"nav": [{"href": "/x"}]}}, "mountPoints.nav.0", "label"),
        ({"mountPoints": {"Nav Bar": []}}, "mountPoints.Nav Bar", "mount point name"),
        ({"bff": "ftp://x"}, "bff", "http"),
        ({"imports": {"@other/x": "src/x.js"}}, "imports", "must be '@bazaar/demo'"),
        ({"imports": {"@bazaar/demo/</script><script>": "src/x.js"}}, "imports", "may only use"),
        (
            {"mountPoints": {"nav": [{"label": "x", "href": "//evil.example/"}]}},
            "mountPoints.nav.0",
            "single '/'",
        ),
        (
            {"mountPoints": {"nav": [{"label": "x", "href": "/\\evil.example"}]}},
            "mountPoints.nav.0",
            "single '/'",
        ),
        ({"colour": "red"}, "colour", "is not a manifest field"),
        ({"mountPoints": {"sidebar": []}}, "mountPoints.sidebar", "not a mount point"),
        ({"mountPoints": {"header": []}}, "mountPoints.header", "nav, header-search"),
        # Full matches over ASCII only: no trailing newline, no non-ASCII digits.
        ({"version": "1.0.70\n"}, "version", "semantic version"),
        ({"version": "1.0.7\u0663"}, "version", "semantic version"),
        ({"version": "\u0661.0.0"}, "version", "semantic version"),
        ({"version": "1.0.0-rc.\u0661"}, "version", "semantic version"),
        ({"name": "@bazaar/demo\n"}, "name", "@scope/name"),
        ({"name": "@bazaar/d\u0435mo"}, "name", "@scope/name"),  # a Cyrillic e
        ({"entry": "src/main.js\n"}, "entry", "relative path"),
        ({"entry": "src/m\u00e4in.js"}, "entry", "relative path"),
        ({"routes": [{"path": "/demo\n"}]}, "routes.0.path", "segment"),
        ({"routes": [{"path": "/d\u00e9mo"}]}, "routes.0.path", "segment"),
        ({"routes": [{"path": "/orders/:id\n"}]}, "routes.0.path", "segment"),
        ({"imports": {"@bazaar/demo/x\n": "src/x.js"}}, "imports", "may only use"),
        ({"imports": {"@bazaar/demo/x": "src/x.js\n"}}, "imports", "relative path"),
        (
            {"mountPoints": {"footer": [{"module": "src/b.js\n"}]}},
            "mountPoints.footer.0",
            "relative path",
        ),
        (
            {"mountPoints": {"nav": [{"label": "x", "href": "/x\n"}]}},
            "mountPoints.nav.0",
            "single '/'",
        ),
        ({"bff": "/bff/demo/api\n"}, "bff", "path on this site"),
        ({"bff": "https://bff.example/api\n"}, "bff", "path on this site"),
        ({"bff": "https://b\u00fcff.example/api"}, "bff", "path on this site"),
        ({"bff": "/bff/demo/api?token=1"}, "bff", "path on this site"),
        # Lengths that would become folder names, URL segments or database columns.
        ({"name": "@bazaar/" + "a" * 61}, "name", "at most 60"),
        ({"name": "@" + "s" * 100 + "/demo"}, "name", "at most 100"),
        ({"version": "1.0.0-" + "a" * 59}, "version", "at most 64"),
        ({"routes": [{"path": "/" + "a" * 300}]}, "routes.0.path", "at most 300"),
        ({"config": {"a": {"b": "\ud800"}}}, "config.a.b", "lone surrogate"),
        # Data preloads: paths of the app's routes, reads of its BFF with the path's params.
        ({"preload": [{"path": "/demo", "get": "items"}]}, "preload.0", "starting with '/'"),
        ({"preload": [{"path": "/demo", "get": "/x?<y>"}]}, "preload.0", "plain characters"),
        ({"preload": [{"path": "/demo/:id", "get": "/x/:sku"}]}, "preload.0", "':sku'"),
        ({"preload": [{"path": "/elsewhere", "get": "/x"}]}, "manifest", "not a path of this"),
        ({"bff": None, "preload": [{"path": "/demo", "get": "/x"}]}, "manifest", "without a 'bff'"),
        ({"preload": [{"path": "/demo", "get": "/x"}] * 21}, "preload", "at most 20"),
    ],
)
def test_a_bad_manifest_is_refused_naming_the_field(change, field, message):
    with pytest.raises(ManifestError) as error:
        parse_manifest(manifest(**change))
    assert f"{field}:" in str(error.value)
    assert message in str(error.value)


def test_a_missing_field_is_named():
    data = manifest()
    del data["entry"]
    with pytest.raises(ManifestError, match="entry: is required"):
        parse_manifest(data)


@pytest.mark.parametrize(
    "version", ["1.0.0", "0.10.7", "1.0.0-rc.1", "1.0.0-alpha-2+build.7", "10.20.30+sha.5114f85"]
)
def test_semantic_versions_are_accepted(version):
    assert parse_manifest(manifest(version=version)).version == version


def test_a_config_nested_too_deep_is_refused_naming_config():
    data, node = manifest(), {}
    data["config"] = node
    for _ in range(40):
        node["a"] = node = {}
    with pytest.raises(ManifestError, match=r"^config: is nested deeper than 32 levels$"):
        parse_manifest(data)


def test_a_manifest_must_be_an_object():
    with pytest.raises(ManifestError, match="JSON object"):
        parse_manifest(["not", "an", "object"])


@pytest.mark.parametrize(
    ("route", "path", "matches"),
    [
        ({"path": "/", "exact": True}, "/", True),
        ({"path": "/", "exact": True}, "/catalog", False),
        ({"path": "/catalog"}, "/catalog", True),
        ({"path": "/catalog"}, "/catalog/p/42", True),
        ({"path": "/catalog"}, "/catalogue", False),
        ({"path": "/orders/:id", "exact": True}, "/orders/17", True),
        ({"path": "/orders/:id", "exact": True}, "/orders/17/track", False),
        ({"path": "/orders/:id"}, "/orders", False),
    ],
)
def test_route_activity(route, path, matches):
    assert route_matches(route, path) is matches


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ({"path": "/catalog"}, {"path": "/catalog"}, True),
        ({"path": "/catalog"}, {"path": "/catalog/admin"}, True),
        ({"path": "/", "exact": True}, {"path": "/catalog"}, False),
        ({"path": "/", "exact": True}, {"path": "/", "exact": True}, True),
        ({"path": "/orders/:id", "exact": True}, {"path": "/orders/new", "exact": True}, True),
        ({"path": "/orders", "exact": True}, {"path": "/orders/:id", "exact": True}, False),
        ({"path": "/cart"}, {"path": "/catalog"}, False),
    ],
)
def test_route_clashes(a, b, clash):
    assert routes_clash(Route(**a), Route(**b)) is clash
    assert routes_clash(Route(**b), Route(**a)) is clash


def test_data_preloads_name_the_route_params_they_fill():
    parsed = parse_manifest(
        manifest(preload=[{"path": "/demo/p/:id/", "get": "/items/:id?full=1&page_size=8"}])
    )
    assert parsed.preload[0].path == "/demo/p/:id"
    assert parsed.preload[0].get == "/items/:id?full=1&page_size=8"
