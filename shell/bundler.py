"""Deploy-time bundling: each published version also gets one module per entry point.

A micro-app is written as many small ES modules; loaded as they are, a page fetches each of
them one by one as the imports are discovered. At deploy, esbuild (from npm) bundles the
app's entry points (its entry, its ``imports`` and its parcel modules) into one module each,
with the code they share split into chunks. Everything that is not a file of the app (the
platform, the shared modules) stays an import of the import map, so apps still share one copy
of them. The sources are published too (source maps point at them); the import map names the
built modules, each with its own SRI hash like every other published file.

Bundling is also a check: a module that does not parse, or imports a relative file that is not
published, is refused at deploy with esbuild's message instead of breaking in a browser.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from shell.manifest import ManifestError

BUILD_DIR = "build"  # built modules are published beside src/, under build/
TIMEOUT_S = 60
MAX_MESSAGE_CHARS = 600
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Build:
    files: dict[str, bytes]  # "build/main.js" -> bytes (and source maps)
    entries: dict[str, str]  # source entry point -> the module built from it
    imports: dict[str, list[str]]  # built module -> the built modules it imports statically
    # built module -> the import map specifiers it imports statically ("@bazaar/platform"…)
    externals: dict[str, list[str]]

    def as_record(self) -> dict:
        """What a release stores: where each entry point went and the static import graph."""
        return {"entries": self.entries, "imports": self.imports}


def bundler_path() -> Path | None:
    """esbuild, as ``make setup`` installs it from npm (None: not installed)."""
    path = Path(settings.BAZAAR_BUNDLER)
    return path if path.is_file() else None


def build(
    files: dict[str, bytes], entry_points: list[str], *, outbase: str = "src"
) -> Build | None:
    """Bundle ``entry_points`` (paths under ``outbase``) of ``files`` into ``build/`` (beside
    ``outbase``: source maps point at ``../<outbase>/…``). Returns None when esbuild is not
    installed (the sources are published and loaded as they are); raises ``ManifestError``
    with esbuild's message when the modules cannot be bundled."""
    esbuild = bundler_path()
    if esbuild is None:
        log.warning("esbuild is not installed (%s): publishing unbundled", settings.BAZAAR_BUNDLER)
        return None
    entry_points = sorted(set(entry_points))
    with tempfile.TemporaryDirectory(prefix="bazaar-build-") as tmp:
        root = Path(tmp)
        for path, content in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
        command = [
            str(esbuild),
            *entry_points,
            "--bundle",
            "--splitting",
            "--format=esm",
            "--target=es2022",
            "--packages=external",  # the platform, shared modules and other apps: import map
            "--minify",
            "--sourcemap",
            "--sources-content=false",  # the sources are published beside the build
            "--legal-comments=none",
            "--charset=utf8",
            f"--outbase={outbase}",
            f"--outdir={BUILD_DIR}",
            "--entry-names=[dir]/[name]",
            "--chunk-names=chunks/[name]-[hash]",
            "--metafile=meta.json",
            "--log-level=error",
            "--color=false",
        ]
        try:
            done = subprocess.run(
                command, cwd=root, capture_output=True, text=True, timeout=TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            raise ManifestError(f"files: bundling took longer than {TIMEOUT_S} s") from None
        if done.returncode != 0:
            message = errors(done.stderr, files)
            raise ManifestError(f"files: the modules cannot be bundled: {message}")
        meta = json.loads((root / "meta.json").read_text())
        # esbuild follows absolute and "../" paths out of the folder: a build may only read the
        # files that were sent, or it would publish whatever the server can read.
        outside = sorted(path for path in meta["inputs"] if path not in files)
        if outside:
            raise ManifestError(
                f"files: the modules import {outside[0]!r}, which is not a file of the app"
            )
        built = {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted((root / BUILD_DIR).rglob("*"))
            if path.is_file()
        }
    outputs = meta["outputs"]
    return Build(
        files=built,
        entries={out["entryPoint"]: path for path, out in outputs.items() if out.get("entryPoint")},
        imports={
            path: sorted(
                i["path"]
                for i in out["imports"]
                if not i.get("external") and i["kind"] == "import-statement"
            )
            for path, out in outputs.items()
            if path.endswith(".js")
        },
        externals={
            path: sorted(
                {
                    i["path"]
                    for i in out["imports"]
                    if i.get("external") and i["kind"] == "import-statement"
                }
            )
            for path, out in outputs.items()
            if path.endswith(".js")
        },
    )


def errors(log_text: str, files: dict[str, bytes]) -> str:
    """esbuild's errors as ``path:line:column: text``, joined (its log draws boxes and carets
    around them for a terminal). An error inside a file that is not the app's is not quoted:
    its text could show that file's content."""
    found = []
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if "[ERROR]" in line:
            text = line.split("[ERROR]", 1)[1].strip()
            where = next((x.strip() for x in lines[i + 1 : i + 4] if x.strip()), "")
            if not where.endswith(":"):
                found.append(text)
            elif where.split(":", 1)[0] in files:
                found.append(f"{where} {text}")
            else:
                found.append("a module imports a file that is not a file of the app")
    message = "; ".join(found) or " ".join(log_text.split())
    return message[:MAX_MESSAGE_CHARS]


def static_closure(record: dict, module: str, resolve=None) -> list[str]:
    """``module`` (a built path) and every built module it imports statically, transitively:
    what a page that loads it needs at once (dynamic imports stay lazy). ``resolve`` maps an
    import map specifier a module imports to a built path of the same build (or None), for a
    build whose entry points import each other by specifier (the shell's)."""
    seen: list[str] = []
    todo = [module]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.append(path)
            todo.extend(record["imports"].get(path, []))
            if resolve is not None:
                todo.extend(p for p in map(resolve, record["externals"].get(path, [])) if p)
    return sorted(seen)
