"""The micro-app manifest: its schema, and validation that names the offending field. A
manifest is the public interface between a team's micro-app and the shell, validated in full
before anything is published, so a bad manifest never reaches the registry."""

from __future__ import annotations

import re
from typing import Any, Literal

import semantic_version
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bazaar.errors import Invalid
from bazaar.origins import bff_origin, clean_url_origin
from shell.registry.uses import Uses

# Every pattern is applied with ``fullmatch`` over ASCII: ``$`` would let a trailing newline
# through, and ``\d`` without re.ASCII accepts any Unicode digit ("1.0.7\u0663").
SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?",
    re.ASCII,
)
APP_NAME = re.compile(r"@[a-z0-9][a-z0-9-]*/([a-z][a-z0-9-]*)", re.ASCII)
ROUTE_SEGMENT = re.compile(r":[a-zA-Z_][a-zA-Z0-9_]*|[a-zA-Z0-9._~-]+", re.ASCII)
SPECIFIER = re.compile(r"[a-z0-9@][a-z0-9@/._-]*", re.ASCII)
LOCAL_HREF = re.compile(r"/(?![/\\])\S*", re.ASCII)  # a path on this site, not "//other.host"
MODULE_PATH = re.compile(r"(?!/)(?!.*(^|/)\.\.?(/|$))[A-Za-z0-9._/-]+\.m?js", re.ASCII)
# The path of a module hosted elsewhere: CDN paths carry versions ("/lit@3.2.1/index.js").
MODULE_URL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9._~/@+%-]*", re.ASCII)
# A library apps share (``vue``, ``react-dom/client``, ``@vue/shared``): npm's package names,
# with a sub-path.
LIBRARY_NAME = re.compile(
    r"(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*(?:/[a-z0-9._~-]+)*", re.ASCII
)
MAX_SHARED = 50
MAX_DATA_PRELOADS = 20
# A BFF path (and query) a page may ask for before its app loads: path segments are words or
# ``:params`` of the page's path, then an optional query of plain characters.
DATA_GET = re.compile(r"/[A-Za-z0-9._~:/-]*(\?[A-Za-z0-9._~=&%+,-]*)?", re.ASCII)
SRI = re.compile(r"(sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}", re.ASCII)

# The shell page's named slots (data-mount-point in shell/templates/shell/index.html), and
# the slots micro-apps offer in their own views (a <bazaar-mount-point name="…"> element; its
# data-* attributes reach the parcels as ``context``).
SHELL_MOUNT_POINTS = ("nav", "header-search", "header-right", "footer")
APP_MOUNT_POINTS = {
    "product-details": "the catalog's product page, below the description (context: productId)",
}
MOUNT_POINTS = (*SHELL_MOUNT_POINTS, *APP_MOUNT_POINTS)

MAX_NAME_CHARS = 100  # App.name
MAX_SLUG_CHARS = 60  # App.slug: also a folder name and a URL segment
MAX_VERSION_CHARS = 64  # a folder name and a URL segment
MAX_PATH_CHARS = 300  # entry, imports, parcel modules, routes, links, bff
MAX_DEPTH = 32  # how deeply manifest values (``config``) may nest


class ManifestError(Invalid, ValueError):
    """A manifest (or the files published with it) is not acceptable; the message says why.
    (A ValueError too: pydantic's validators raise it.)"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Route(_Strict):
    """Where an app is active: a path prefix, or the exact path with ``exact``.

    Segments starting with ``:`` are parameters that match any one segment.
    """

    path: str = Field(max_length=MAX_PATH_CHARS)
    exact: bool = False

    @field_validator("path")
    @classmethod
    def _path_shape(cls, value: str) -> str:
        return route_path(value)


def route_path(value: str) -> str:
    """A route's path in its one spelling ("/catalog/p/:id"), or ValueError naming the fault."""
    if not value.startswith("/"):
        raise ValueError("must start with '/'")
    segments = route_segments(value)
    bad = [s for s in segments if not ROUTE_SEGMENT.fullmatch(s)]
    if bad:
        raise ValueError(f"segment {bad[0]!r} is not a path word or a :param")
    return "/" + "/".join(segments)


class DataPreload(_Strict):
    """A read of the app's BFF that the shell page starts itself, beside the modules, so the
    data is there when the app mounts instead of being asked for after it.

    On pages whose path is ``path`` (exactly; ``:name`` segments match any one segment) the
    page carries ``<link rel=preload as=fetch>`` for the app's ``bff`` + ``get``, its
    ``:name`` segments filled from the page's path. The browser hands that answer to the
    app's first request for the same URL (same query, in the same order) made without an
    access token, so only public reads are worth declaring.
    """

    path: str = Field(max_length=MAX_PATH_CHARS)
    get: str = Field(max_length=MAX_PATH_CHARS)

    @field_validator("path")
    @classmethod
    def _path_shape(cls, value: str) -> str:
        return route_path(value)

    @model_validator(mode="after")
    def _get_shape(self) -> DataPreload:
        if not DATA_GET.fullmatch(self.get):
            raise ValueError(
                f"'get' {self.get[:100]!r} must be a path of the BFF starting with '/', with "
                "an optional query of plain characters"
            )
        params = {s for s in route_segments(self.path) if s.startswith(":")}
        path_part = self.get.split("?", 1)[0]
        for segment in route_segments(path_part):
            if ":" in segment and segment not in params:
                raise ValueError(f"'get' uses {segment!r}, which is not a :param of 'path'")
        return self


class MountItem(_Strict):
    """One item in a named mount point: a link (``href`` + ``label``) or a parcel (``module``)."""

    label: str | None = Field(default=None, min_length=1, max_length=60)
    href: str | None = Field(default=None, max_length=MAX_PATH_CHARS)
    module: str | None = Field(default=None, max_length=MAX_PATH_CHARS)
    order: int = 100
    signedIn: bool | None = None
    roles: list[str] = []

    @model_validator(mode="after")
    def _link_or_parcel(self) -> MountItem:
        if (self.href is None) == (self.module is None):
            raise ValueError("give exactly one of 'href' (a link) or 'module' (a parcel)")
        if self.href is not None:
            if self.label is None:
                raise ValueError("a link needs a 'label'")
            if not LOCAL_HREF.fullmatch(self.href):
                raise ValueError("'href' must be a path on this site, starting with a single '/'")
        if self.module is not None and not _module_reference(self.module):
            raise ValueError(
                "'module' must be a relative path to a .js file of this app, or an http(s) URL"
            )
        return self


class Auth(_Strict):
    required: bool = False
    roles: list[str] = []


class Manifest(_Strict):
    name: str = Field(max_length=MAX_NAME_CHARS)
    version: str = Field(max_length=MAX_VERSION_CHARS)
    description: str = Field("", max_length=1000)
    entry: str = Field(max_length=MAX_PATH_CHARS)
    imports: dict[str, str] = {}
    routes: list[Route] = []
    mountPoints: dict[Literal[MOUNT_POINTS], list[MountItem]] = {}
    bff: str | None = Field(default=None, max_length=MAX_PATH_CHARS)
    auth: Auth = Auth()
    # Where the app renders: in a shadow root of its own (the default), or in the light DOM
    # ("none") for libraries that find their container in `document` (single-spa-vue…).
    isolation: Literal["shadow", "none"] = "shadow"
    # The libraries it imports from the import map instead of bundling, each with the npm
    # semver range it works with ({"vue": "^3.4"}): the registry gives it a version in range.
    shared: dict[str, str] = {}
    config: dict[str, Any] = {}
    # For modules hosted elsewhere: the SRI hash their bytes must have (URL -> "sha384-…").
    integrity: dict[str, str] = {}
    # Reads of its BFF the page starts before the app loads (see DataPreload).
    preload: list[DataPreload] = Field(default=[], max_length=MAX_DATA_PRELOADS)
    # KB (brotli) its route may weigh (shell/registry/budgets.py); None: BAZAAR_APP_BUDGET_KB.
    budget: int | None = Field(default=None, ge=1, le=10_000)
    uses: Uses = Uses()  # its BFF's operations and the bus signals it uses (uses.py)

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        match = APP_NAME.fullmatch(value)
        if not match:
            raise ValueError("must look like '@scope/name' (lower-case letters, digits, '-')")
        if len(match.group(1)) > MAX_SLUG_CHARS:
            raise ValueError(f"the part after '/' may have at most {MAX_SLUG_CHARS} characters")
        return value

    @field_validator("shared")
    @classmethod
    def _shared_ranges(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > MAX_SHARED:
            raise ValueError(f"at most {MAX_SHARED} libraries")
        for name, spec in value.items():
            if len(name) > 214 or not LIBRARY_NAME.fullmatch(name):
                raise ValueError(f"{name[:100]!r} is not a library name (as npm names packages)")
            if len(spec) > 200 or not semver_range(spec):
                raise ValueError(f"{name}: {spec[:100]!r} is not an npm semver range (e.g. '^3.4')")
        return value

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.fullmatch(value):
            raise ValueError(f"{value!r} is not a semantic version (MAJOR.MINOR.PATCH)")
        return value

    @field_validator("entry")
    @classmethod
    def _entry_shape(cls, value: str) -> str:
        if not _module_reference(value):
            raise ValueError(
                "must be a relative path to a .js module inside the app, or an http(s) URL "
                "of a module hosted elsewhere"
            )
        return value

    @field_validator("imports")
    @classmethod
    def _imports_shape(cls, value: dict[str, str]) -> dict[str, str]:
        for specifier, path in value.items():
            if len(specifier) > MAX_PATH_CHARS or not SPECIFIER.fullmatch(specifier):
                raise ValueError(
                    f"{specifier[:MAX_PATH_CHARS]!r} may only use lower-case letters, digits "
                    f"and @ / . _ - (at most {MAX_PATH_CHARS} characters)"
                )
            if len(path) > MAX_PATH_CHARS or not _module_reference(path):
                raise ValueError(
                    f"{specifier!r}: {path[:MAX_PATH_CHARS]!r} must be a relative path to a "
                    ".js module, or an http(s) URL"
                )
        return value

    @field_validator("integrity")
    @classmethod
    def _integrity_shape(cls, value: dict[str, str]) -> dict[str, str]:
        for url, digest in value.items():
            if not is_external(url):
                raise ValueError(f"{url[:MAX_PATH_CHARS]!r} is not the URL of a module")
            if not SRI.fullmatch(digest):
                raise ValueError(f"{url!r}: {digest[:100]!r} is not an SRI hash ('sha384-…')")
        return value

    @field_validator("bff")
    @classmethod
    def _bff_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.rstrip("/") or "/"
        bff_origin(value)  # raises ValueError naming what is wrong
        return value

    @model_validator(mode="after")
    def _imports_in_scope(self) -> Manifest:
        for specifier in self.imports:
            if specifier != self.name and not specifier.startswith(self.name + "/"):
                raise ValueError(f"imports: {specifier!r} must be {self.name!r} or start with it")
        unused = set(self.integrity) - set(self.module_paths())
        if unused:
            raise ValueError(f"integrity: {sorted(unused)[0]!r} is not a module of this manifest")
        if self.preload and self.bff is None:
            raise ValueError("preload: an app without a 'bff' has nothing to preload")
        for item in self.preload:
            if not any(route_matches(r.model_dump(), item.path) for r in self.routes):
                raise ValueError(f"preload: {item.path!r} is not a path of this app's routes")
        return self

    @property
    def slug(self) -> str:
        return APP_NAME.fullmatch(self.name).group(1)

    def module_paths(self) -> list[str]:
        """Every module the manifest refers to: paths of published files, and URLs of modules
        hosted elsewhere."""
        paths = [self.entry, *self.imports.values()]
        paths += [
            item.module for items in self.mountPoints.values() for item in items if item.module
        ]
        return paths


def is_external(reference: str) -> bool:
    """Whether a module reference is a URL (a module hosted elsewhere) rather than a path."""
    return reference.startswith(("https://", "http://"))


def _module_reference(value: str) -> bool:
    if not is_external(value):
        return bool(MODULE_PATH.fullmatch(value))
    try:
        module_origin(value)
    except ValueError:
        return False
    return True


def module_origin(url: str) -> str:
    """The origin of a module hosted elsewhere; ``ValueError`` unless ``url`` is a clean
    http(s) URL (no credentials, query or fragment)."""
    found = clean_url_origin(url, MODULE_URL_PATH)
    if found is None:
        raise ValueError(f"{url[:MAX_PATH_CHARS]!r} is not a clean http(s) URL")
    return found


def check_values(data: dict, max_depth: int = MAX_DEPTH) -> None:
    """Refuse raw manifest data nested deeper than ``max_depth`` or holding text that is not
    valid Unicode (a lone surrogate such as ``"\\ud800"``), naming the field."""
    stack = [(key, value, 1) for key, value in data.items()]
    while stack:
        field, value, depth = stack.pop()
        if depth > max_depth:
            top = field.split(".")[0]
            raise ManifestError(f"{top}: is nested deeper than {max_depth} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, f"{field} (a key)")
                stack.append((f"{field}.{key}", item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{field}.{i}", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, field)


def _check_text(text: str, field: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        name = field.encode("utf-8", "backslashreplace").decode()
        raise ManifestError(f"{name}: is not valid Unicode text (a lone surrogate)") from None


def route_segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def routes_clash(a: Route, b: Route) -> bool:
    """Whether some path would activate both routes as owners of the main region.

    Nested prefixes (``/orders`` and ``/orders/track``) clash too: one path, two owners.
    """
    sa, sb = route_segments(a.path), route_segments(b.path)
    if a.exact and b.exact and len(sa) != len(sb):
        return False
    if (a.exact and len(sa) < len(sb)) or (b.exact and len(sb) < len(sa)):
        return False
    return all(
        x == y or x.startswith(":") or y.startswith(":") for x, y in zip(sa, sb, strict=False)
    )


def route_matches(route: dict, pathname: str) -> bool:
    """Whether ``pathname`` activates ``route`` (a manifest route as stored; the shell's root
    config applies the same rule in the browser)."""
    want, have = route_segments(route["path"]), route_segments(pathname)
    if len(have) < len(want) or (route.get("exact") and len(have) != len(want)):
        return False
    return all(w.startswith(":") or w == h for w, h in zip(want, have, strict=False))


def parse_manifest(data: Any) -> Manifest:
    """Validate raw manifest data, raising ``ManifestError`` naming every offending field."""
    if not isinstance(data, dict):
        raise ManifestError("manifest: must be a JSON object")
    check_values(data)
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise ManifestError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError, root: str = "manifest") -> str:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        message = error["msg"].removeprefix("Value error, ")
        if loc and loc[-1] == "[key]":
            loc.pop()
            message = "is not a mount point name (" + ", ".join(MOUNT_POINTS) + ")"
        field = ".".join(loc) or root
        if error["type"] == "extra_forbidden":
            message = "is not a manifest field"
        elif error["type"] == "missing":
            message = "is required"
        problems.append(f"{field}: {message}")
    return "; ".join(problems)


def semver_range(spec: str):
    """npm's semver range ``spec`` (``^3.4``, ``>=2 <4 || 5.x``), or None if it is not one."""
    try:
        return semantic_version.NpmSpec(spec)
    except ValueError:
        return None
