"""Small builders for manifests and bundles used across the shell's tests."""

from __future__ import annotations

import copy

ENTRY_JS = b"export async function bootstrap() {}\nexport async function mount() {}\nexport async function unmount() {}\n"


def manifest(slug: str = "demo", version: str = "1.0.0", **overrides) -> dict:
    data = {
        "name": f"@bazaar/{slug}",
        "version": version,
        "entry": "src/main.js",
        "routes": [{"path": f"/{slug}"}],
        "mountPoints": {"nav": [{"label": slug.title(), "href": f"/{slug}"}]},
        "bff": f"/bff/{slug}/api",
        "config": {"title": slug.title()},
    }
    data.update(copy.deepcopy(overrides))
    return data


def files(extra: dict[str, bytes] | None = None, entry: bytes = ENTRY_JS) -> dict[str, bytes]:
    return {"src/main.js": entry, **(extra or {})}


# A module large enough that publishing writes brotli and gzip copies of it.
COMPRESSIBLE_MODULE = (
    b"export const greeting = "
    + b'"hello from a module that is long enough to compress " + ' * 20
    + b'"";\n'
)


def post_release(client, files: dict, **manifest_fields):
    """Deploy one app with ``files`` through the registry API, as CI does (the dev token)."""
    body = {"manifests": [{"manifest": manifest(**manifest_fields), "files": files}]}
    return client.post(
        "/api/registry/releases",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer dev-deploy-token",
    )
