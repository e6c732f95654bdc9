"""The micro-app manifest: its schema, and validation that names the offending field.

A manifest is the public interface between a team's micro-app and the shell. It is validated
in full before anything is published, so a bad manifest never reaches the registry.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
APP_NAME = re.compile(r"^@[a-z0-9][a-z0-9-]*/([a-z][a-z0-9-]*)$")
SLOT_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
ROUTE_SEGMENT = re.compile(r"^(:[a-zA-Z_][a-zA-Z0-9_]*|[a-zA-Z0-9._~-]+)$")
SPECIFIER = re.compile(r"^[a-z0-9@][a-z0-9@/._-]*$")
LOCAL_HREF = re.compile(r"^/(?![/\\])[^\s]*$")  # a path on this site, not "//other.host"
MODULE_PATH = re.compile(r"^(?!/)(?!.*(^|/)\.\.?(/|$))[A-Za-z0-9._/-]+\.m?js$")


class ManifestError(ValueError):
    """A manifest (or the files published with it) is not acceptable; the message says why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Route(_Strict):
    """Where an app is active: a path prefix, or the exact path with ``exact``.

    Segments starting with ``:`` are parameters that match any one segment.
    """

    path: str
    exact: bool = False

    @field_validator("path")
    @classmethod
    def _path_shape(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        segments = route_segments(value)
        bad = [s for s in segments if not ROUTE_SEGMENT.match(s)]
        if bad:
            raise ValueError(f"segment {bad[0]!r} is not a path word or a :param")
        return "/" + "/".join(segments)


class MountItem(_Strict):
    """One item in a named mount point: a link (``href`` + ``label``) or a parcel (``module``)."""

    label: str | None = Field(default=None, min_length=1, max_length=60)
    href: str | None = None
    module: str | None = None
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
            if not LOCAL_HREF.match(self.href):
                raise ValueError("'href' must be a path on this site, starting with a single '/'")
        if self.module is not None and not MODULE_PATH.match(self.module):
            raise ValueError("'module' must be a relative path to a .js file of this app")
        return self


class Auth(_Strict):
    required: bool = False
    roles: list[str] = []


class Manifest(_Strict):
    name: str
    version: str
    description: str = ""
    entry: str
    imports: dict[str, str] = {}
    routes: list[Route] = []
    mountPoints: dict[Annotated[str, Field(pattern=SLOT_NAME.pattern)], list[MountItem]] = {}
    bff: str | None = None
    auth: Auth = Auth()
    config: dict[str, Any] = {}

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not APP_NAME.match(value):
            raise ValueError("must look like '@scope/name' (lower-case letters, digits, '-')")
        return value

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError(f"{value!r} is not a semantic version (MAJOR.MINOR.PATCH)")
        return value

    @field_validator("entry")
    @classmethod
    def _entry_shape(cls, value: str) -> str:
        if not MODULE_PATH.match(value):
            raise ValueError("must be a relative path to a .js module inside the app")
        return value

    @field_validator("imports")
    @classmethod
    def _imports_shape(cls, value: dict[str, str]) -> dict[str, str]:
        for specifier, path in value.items():
            if not SPECIFIER.match(specifier):
                raise ValueError(
                    f"{specifier!r} may only use lower-case letters, digits and @ / . _ -"
                )
            if not MODULE_PATH.match(path):
                raise ValueError(f"{specifier!r}: {path!r} must be a relative path to a .js module")
        return value

    @field_validator("bff")
    @classmethod
    def _bff_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^(/|https?://)\S+$", value):
            raise ValueError("must be a path ('/bff/name/api') or an http(s) URL")
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _imports_in_scope(self) -> Manifest:
        for specifier in self.imports:
            if specifier != self.name and not specifier.startswith(self.name + "/"):
                raise ValueError(f"imports: {specifier!r} must be {self.name!r} or start with it")
        return self

    @property
    def slug(self) -> str:
        return APP_NAME.match(self.name).group(1)

    def module_paths(self) -> list[str]:
        """Every module path the manifest refers to (all must be published files)."""
        paths = [self.entry, *self.imports.values()]
        paths += [
            item.module for items in self.mountPoints.values() for item in items if item.module
        ]
        return paths


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
            message = "is not a valid mount point name (use lower-case letters, digits and '-')"
        field = ".".join(loc) or root
        if error["type"] == "extra_forbidden":
            message = "is not a manifest field"
        elif error["type"] == "missing":
            message = "is required"
        problems.append(f"{field}: {message}")
    return "; ".join(problems)
