"""``manage.py startmicroapp``: a new micro-app and its BFF, rendered from the templates in
``shell/scaffold/templates/`` with Django's template engine.

Every kind shares ``common/`` and adds or overrides files in ``<kind>/`` (the book's kinds of
BFF: a Task BFF owns a user's commands, a Search BFF is a read model fed by events, an Action
BFF runs a flow, a Dashboard BFF keeps live aggregates, a Reporting BFF keeps history to
report on). Names and routes are checked before anything is written, and if a step fails
after writing (the migration), what was written is removed again.
"""

from __future__ import annotations

import json
import keyword
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.template import Context, Engine

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONTRACTS = Path("contracts")
SUFFIX = "-tpl"
NAME = re.compile(r"[a-z][a-z0-9_]{1,29}", re.ASCII)

KINDS = {
    "task": "owns a shopper's commands on their own entries, one per product",
    "search": "a read model of the catalog fed by events, with saved searches",
    "action": "runs a flow: a shopper starts a request that moves through its steps",
    "dashboard": "live figures for staff, aggregated from the shop's events",
    "reporting": "daily history kept from the shop's events, as a table and CSV",
}


class ScaffoldError(ValueError):
    """The app cannot be created; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Names:
    """Every spelling of one app's name the templates need."""

    name: str  # python package, app label, database alias: "gift_cards"
    kind: str
    route: str  # "/gift-cards"

    @property
    def slug(self) -> str:  # npm scope part, URL segment: "gift-cards"
        return self.name.replace("_", "-")

    @property
    def entity(self) -> str:  # event type prefix: "gift-card"
        slug = self.slug
        if slug.endswith("ies"):
            return slug[:-3] + "y"
        if slug.endswith("s") and not slug.endswith("ss"):
            return slug[:-1]
        return slug

    @property
    def entity_class(self) -> str:  # "GiftCard"
        return "".join(part.capitalize() for part in self.entity.split("-"))

    @property
    def title(self) -> str:  # "Gift cards"
        return self.slug.replace("-", " ").capitalize()

    def context(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "kind_doc": KINDS[self.kind],
            "route": self.route,
            "slug": self.slug,
            "app_name": f"@bazaar/{self.slug}",
            "entity": self.entity,
            "entity_class": self.entity_class,
            "entity_snake": self.entity.replace("-", "_"),
            "title": self.title,
        }


def names_for(name: str, kind: str, route: str | None) -> Names:
    if kind not in KINDS:
        raise ScaffoldError(f"--kind: {kind!r} is not one of {', '.join(KINDS)}")
    if not NAME.fullmatch(name) or keyword.iskeyword(name) or name.endswith("_") or "__" in name:
        raise ScaffoldError(
            f"name: {name!r} is not a valid app name: 2-30 characters, lower-case letters, "
            "digits and single '_' inside, starting with a letter (it is a Python package, a "
            "database alias and, with '-' for '_', a URL and an npm name)"
        )
    return Names(name=name, kind=kind, route=route or "/" + name.replace("_", "-"))


def template_files(kind: str) -> dict[str, str]:
    """Output path (``bff/...`` or ``microapp/...``) -> template name; ``<kind>/`` wins."""
    files: dict[str, str] = {}
    for layer in ("common", kind):
        for path in sorted((TEMPLATES / layer).rglob(f"*{SUFFIX}")):
            relative = path.relative_to(TEMPLATES / layer).as_posix()
            files[relative.removesuffix(SUFFIX)] = f"{layer}/{relative}"
    return files


def render(names: Names) -> dict[Path, str]:
    """Every file of the new app (paths relative to the project), rendered in memory."""
    engine = Engine(dirs=[str(TEMPLATES)], autoescape=False)
    context = names.context()
    out: dict[Path, str] = {}
    for target, template in template_files(names.kind).items():
        text = engine.get_template(template).render(Context(context, autoescape=False))
        out[target_path(names, target)] = text.strip("\n") + "\n" if text.strip() else ""
    return out


def target_path(names: Names, target: str) -> Path:
    """Where a template's file goes: ``bff/…`` in ``bffs/<name>/``, ``microapp/…`` in
    ``microapps/<name>/``, and the BFF's events (its public contract) in
    ``contracts/<name>.py``, where other BFFs take them from."""
    part, _, rest = target.partition("/")
    if part == "contracts":
        return CONTRACTS / f"{names.name}.py"
    return {"bff": Path("bffs"), "microapp": Path("microapps")}[part] / names.name / rest


def check_free(names: Names, files: dict[Path, str], project: Path) -> None:
    """Refuse a name or route already taken: on disk, among the installed apps and database
    aliases, in the registry, by the platform, or by an event type another BFF emits. ``files``
    is the new app as rendered (its manifest and event types are checked as they are)."""
    from django.apps import apps
    from django.conf import settings

    from eventhub.envelope import EVENT_TYPES
    from eventhub.registry import units
    from shell.registry import errors, state
    from shell.registry.manifest import ManifestError, parse_manifest

    for folder in (
        project / "bffs" / names.name,
        project / "microapps" / names.name,
        project / CONTRACTS / f"{names.name}.py",
    ):
        if folder.exists():
            raise ScaffoldError(f"name: {folder.relative_to(project)} already exists")
    if names.name in {config.label for config in apps.get_app_configs()} | set(settings.DATABASES):
        raise ScaffoldError(f"name: {names.name!r} is already an installed app or database alias")
    units()  # every BFF's triggers are loaded, so their event types are known
    taken = sorted(set(EVENT_TYPES) & set(event_types(names, files)))
    if taken:
        raise ScaffoldError(f"name: the event type {taken[0]!r} is already emitted by another BFF")
    manifest = parse_manifest(json.loads(files[Path("microapps") / names.name / "manifest.json"]))
    on_disk = []
    for path in sorted((project / "microapps").glob("*/manifest.json")):
        try:
            on_disk.append(parse_manifest(json.loads(path.read_text())))
        except (ManifestError, ValueError):
            continue  # a broken manifest on disk is its own team's problem
    try:
        state.check_new_app(manifest, on_disk=on_disk)
    except (ManifestError, errors.RegistryConflict) as exc:
        raise ScaffoldError(str(exc)) from None


def event_types(names: Names, files: dict[Path, str] | None = None) -> list[str]:
    """The event types the new BFF would emit, as its rendered contract declares them."""
    events = (files or render(names))[CONTRACTS / f"{names.name}.py"]
    return re.findall(r'type: Literal\["([^"]+)"\]', events)


def scaffold(name: str, kind: str, *, project: Path, route: str | None = None) -> list[Path]:
    """Create ``microapps/<name>``, ``bffs/<name>`` with its first migration and
    ``contracts/<name>.py``; returns the files written. On any failure nothing stays
    written."""
    names = names_for(name, kind, route)
    files = render(names)
    check_free(names, files, project)
    folders = [project / "bffs" / names.name, project / "microapps" / names.name]
    try:
        for relative, text in files.items():
            path = project / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        migration = make_migration(names, project)
        tidy([project / p for p in files if p.suffix == ".py"] + [migration], project)
    except BaseException:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        (project / CONTRACTS / f"{names.name}.py").unlink(missing_ok=True)
        raise
    return sorted([project / relative for relative in files] + [migration])


def make_migration(names: Names, project: Path) -> Path:
    """``makemigrations <name>`` in a new process (this one's settings do not know the BFF),
    formatted like the rest of the code when ruff is at hand."""
    run = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", names.name, "--no-input"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        raise ScaffoldError(f"makemigrations {names.name} failed:\n{run.stdout}{run.stderr}")
    [migration] = (project / "bffs" / names.name / "migrations").glob("0001_*.py")
    return migration


def tidy(paths: list[Path], project: Path) -> None:
    """Sort imports and format like the rest of the project (names of any length change line
    lengths), when ruff is at hand; the code is valid either way."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        return
    files = [str(path) for path in paths]
    for command in (["check", "--fix-only", "--select", "I", "--quiet"], ["format", "--quiet"]):
        subprocess.run([str(ruff), *command, *files], cwd=project, check=False, timeout=60)
