"""Micro-apps built the way a team outside Bazaar builds them: a few lines of their own on top
of npm packages (single-spa-vue, single-spa-react, single-spa-html…), bundled by esbuild into
one ES module, with the libraries they share left as bare imports for the import map."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
ESBUILD = NODE_MODULES / ".bin" / "esbuild"

# The browser builds of the libraries (no bundler flags to set), as a CDN would serve them.
BROWSER_BUILDS = {
    "vue": "vue/dist/vue.runtime.esm-browser.prod.js",
}


def build(source: str, *, external: tuple[str, ...] = ()) -> bytes:
    """Bundle ``source`` (an entry module importing npm packages) into one minified ES module;
    the ``external`` specifiers stay imports, resolved by the page's import map."""
    with tempfile.TemporaryDirectory() as folder:
        entry = Path(folder) / "entry.js"
        entry.write_text(source)
        aliases = [
            f"--alias:{name}={NODE_MODULES / path}"
            for name, path in BROWSER_BUILDS.items()
            if name not in external
        ]
        result = subprocess.run(
            [
                str(ESBUILD),
                str(entry),
                "--bundle",
                "--format=esm",
                "--minify",
                "--log-level=error",
                "--define:process.env.NODE_ENV='production'",
                *aliases,
                *(f"--external:{name}" for name in external),
            ],
            capture_output=True,
            env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
            timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode())
        return result.stdout
