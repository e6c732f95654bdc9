"""Find the BFFs and micro-apps on disk, so adding one needs no settings edit."""

from __future__ import annotations

from pathlib import Path


def discover_bffs(bffs_dir: Path) -> list[str]:
    """Names of the BFF packages below ``bffs_dir`` (folders holding an ``apps.py``)."""
    if not bffs_dir.is_dir():
        return []
    return sorted(
        child.name
        for child in bffs_dir.iterdir()
        if (child / "apps.py").is_file() and not child.name.startswith((".", "_"))
    )


def discover_manifests(microapps_dir: Path) -> list[Path]:
    """Every ``microapps/<name>/manifest.json``, in name order."""
    if not microapps_dir.is_dir():
        return []
    return sorted(microapps_dir.glob("*/manifest.json"))


def bff_url_patterns() -> list:
    """``/bff/<name>/api/`` for every installed BFF (each exposes ``api`` in ``api.py``)."""
    from importlib import import_module

    from django.conf import settings
    from django.urls import path

    return [
        path(f"bff/{name}/api/", import_module(f"bffs.{name}.api").api.urls)
        for name in settings.BAZAAR_BFFS
    ]
