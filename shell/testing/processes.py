"""Settings loaded in a fresh interpreter, as a process started with that environment would."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR


def production_env(data_dir) -> dict:
    """The least a production start needs (``BAZAAR_ENV`` unset: production)."""
    return {
        "BAZAAR_DATA_DIR": str(data_dir),
        "DJANGO_SECRET_KEY": "s" * 50,
        "BAZAAR_DEPLOY_TOKEN": "t" * 32,
        "BAZAAR_OIDC_CLIENT_SECRET": "c" * 32,
        "BAZAAR_PUBLIC_ORIGINS": "https://shop.example",
    }


def load_settings(env: dict, code: str = "import shell.settings") -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter whose environment is ``env`` alone (no BAZAAR_ or
    DJANGO_ variables of this one)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BAZAAR_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
