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

esbuild runs on what a deployer sent, so it may read nothing else: a ``sourceMappingURL``
comment is only followed to a map sent in the same deploy (or an inline ``data:`` map), never
to a path or ``file://`` URL of the server; ``tsconfig.json`` files are not read (their
``extends`` reads any JSON file); an import of a file outside the app is refused; and esbuild
runs with a memory and a time limit (an import of ``/dev/zero`` fails fast, not the machine).
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from shell.registry.manifest import ManifestError

BUILD_DIR = "build"  # built modules are published beside src/, under build/
TIMEOUT_S = 60
# esbuild's address space (RLIMIT_AS). An app at the size limit (services.MAX_BUNDLE_BYTES) of
# tiny modules needs about 1.6 GiB; reading an endless file stops here within seconds instead
# of taking the machine's memory.
MEMORY_LIMIT_BYTES = 4 * 1024**3
MAX_MESSAGE_CHARS = 600
# The source map comments esbuild follows: "//# sourceMappingURL=<url>", the old "//@ …",
# and "/*# … */" (in JS and CSS). Matched more widely than esbuild honours them (any case and
# spacing, and wherever they are, strings included): one that is not followed needs no care.
SOURCE_MAP_COMMENT = re.compile(
    rb"(?P<mark>[#@][ \t]*)(?P<keyword>sourceMappingURL)(?P<url>[ \t]*=[ \t]*\S*)", re.IGNORECASE
)
NOT_FOLLOWED = b"sourceMappingOff"  # as long as the keyword: columns stay where they were
# A map a comment may name: a relative path of plain names (no "%", "?", ":" or "\\" that
# esbuild would read another way than the path the deploy sent).
SENT_MAP_URL = re.compile(r"[A-Za-z0-9._-][A-Za-z0-9._/-]*")
# esbuild in a Python that limits its memory first (preexec_fn is not safe in a threaded
# server: the child may deadlock between fork and exec on a lock another thread held).
LIMITED = (
    "import os, resource, sys\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)
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
            (root / path).write_bytes(without_foreign_source_maps(path, content, files))
        command = [
            sys.executable,
            "-I",
            "-S",
            "-c",
            LIMITED,
            str(MEMORY_LIMIT_BYTES),
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
            "--tsconfig-raw={}",  # no tsconfig.json is read: "extends" reads any JSON file
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
                command,
                cwd=root,
                stdin=subprocess.DEVNULL,  # an import of /dev/stdin reads nothing, never waits
                capture_output=True,
                text=True,
                errors="replace",
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise ManifestError(f"files: bundling took longer than {TIMEOUT_S} s") from None
        if done.returncode != 0 and "[ERROR]" not in done.stderr:  # esbuild itself failed
            log.warning("esbuild failed (exit code %s): %s", done.returncode, done.stderr[:500])
            if "out of memory" in done.stderr:
                raise ManifestError(
                    f"files: bundling needed more than {MEMORY_LIMIT_BYTES // 2**20} MiB of "
                    "memory (does a module import a file that is not a file of the app?)"
                )
            raise ManifestError(f"files: bundling failed (esbuild exit code {done.returncode})")
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


def without_foreign_source_maps(path: str, content: bytes, files: dict[str, bytes]) -> bytes:
    """``content`` with every source map comment that does not name a map sent in the same
    deploy (or an inline ``data:`` map) made an ordinary comment, which esbuild does not follow:
    esbuild reads the file such a comment names (an absolute or ``../`` path, a ``file://`` URL,
    ``/dev/zero``), and copies what it read into the map it publishes. The published sources
    keep their comments; only what esbuild reads is changed, and by the same number of bytes,
    so the built map's lines and columns still point into the published sources."""

    def neutralise(match: re.Match) -> bytes:
        url = match["url"].split(b"=", 1)[1].strip().removesuffix(b"*/").decode("latin-1")
        if url.startswith("data:") or _names_sent_file(path, url, files):
            return match[0]
        return match["mark"] + NOT_FOLLOWED + match["url"]

    return SOURCE_MAP_COMMENT.sub(neutralise, content)


def _names_sent_file(path: str, url: str, files: dict[str, bytes]) -> bool:
    """Whether ``url``, relative to the file at ``path``, is one of ``files``."""
    if not SENT_MAP_URL.fullmatch(url):
        return False
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), url)) in files


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
