"""Registry commands: deploy releases, roll back, remove apps.

A command given a deploy token's ``scope`` (the apps it may change; ``None`` or ``{"*"}``:
every app, as for an operator at the machine) changes nothing outside it: the apps it names
are checked before anything is fetched or published, and what the new revision would change
is checked again, against the head, in the transaction that writes it. A refusal is recorded
(``Refusal``) and raised as ``RegistryForbidden``.

Every command validates everything first, publishes files as an immutable version in the
release storage (``shell.registry.release_storage``: whole or not at all, never replaced, the same for
every replica), then writes one new revision in a single transaction. Revision numbers are
unique, so two shell replicas deploying at once cannot both win: the loser retries on the new
head, and both land in the history. A deploy that is refused after publishing (another
replica won a race) takes back the versions it published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from bazaar.models import now_ms
from shell.live import log as live_log
from shell.live.messages import RevisionChanged
from shell.registry import bff_contracts, budgets, canary_runs, release_storage
from shell.registry.bundles import (
    Bundle,
    check_bff_allowed,
)
from shell.registry.errors import RegistryConflict, RegistryNotFound
from shell.registry.library_versions import LibraryVersion
from shell.registry.manifest import Manifest, ManifestError
from shell.registry.metrics import DEPLOYS
from shell.registry.models import App, Canary, Release, Revision
from shell.registry.scopes import Outside, Scope, authorize, outside, refuse
from shell.registry.state import (
    RegistryState,
    check_route_clashes,
    current_revision,
    lock_registry,
    stored_routes,
)

HEAD_RETRIES = 5


def release_deploy(
    *,
    bundles: list[Bundle],
    actor: str,
    message: str = "",
    canary: int | None = None,
    canary_policy: dict | None = None,
    retire: list[str] = (),
    libraries: list[LibraryVersion] = (),
    scope: Scope = None,
    over_budget: str | None = None,
) -> Revision:
    """Publish ``bundles`` and make them current together, in one new revision; with
    ``canary``, give them to that percentage of visitors only (each app must be live already:
    the others keep its current release until the canary is promoted or aborted).

    ``retire`` names apps to take out in that same revision (those not in it are passed
    over), so a release may take over another app's routes, as when one app absorbs another.
    ``libraries`` are shared library versions to make live in that same revision (those the
    release's apps need), each in ``scope`` too. ``canary_policy`` (canary_runs.Policy) makes
    the canary automatic. A release over its size budget is refused unless ``over_budget``
    gives the reason (budgets.py), which the history's message records.

    Re-deploying a version with identical content is a no-op for that app; the same version
    with different content is refused, because published versions are immutable. Every app
    of the release must be in ``scope`` (a no-op for an app included).
    """
    names = [b.manifest.name for b in bundles]
    if not bundles:
        raise ManifestError("manifests: at least one manifest is required")
    action = "canary" if canary is not None else "deploy"
    summary = ", ".join(f"{b.manifest.name}@{b.manifest.version}" for b in bundles)
    if canary is not None:
        summary += f" to {canary}%"
    retire = list(dict.fromkeys(retire))
    if retire:
        summary += ", retire " + ", ".join(retire)
    if libraries:
        summary += ", with " + ", ".join(str(library) for library in libraries)
    what = f"{action} {summary}"
    library_names = [library.name for library in libraries]
    authorize(
        scope=scope,
        apps=[*names, *retire, *library_names],
        actor=actor,
        action=action,
        message=what,
    )
    message = message or what
    if len(set(names)) != len(names):
        raise ManifestError("manifests: an app appears twice in one release")
    if both := sorted(set(names) & set(retire)):
        raise ManifestError(f"retire: {', '.join(both)} is deployed by this release too")
    if retire and canary is not None:
        raise ManifestError("retire: a canary release cannot retire apps (deploy it to all)")
    slugs = [b.manifest.slug for b in bundles]
    if len(set(slugs)) != len(slugs):
        raise ManifestError("manifests: two apps in one release share a name")
    for bundle in bundles:
        _check_slug_free(bundle)
        _check_immutable(bundle)
    gates = budgets.check(bundles, over_budget) + bff_contracts.check([b.manifest for b in bundles])
    message += f" ({'; '.join(gates)})" if gates else ""
    head = current_revision()
    live = {r.app.name: r.manifest for r in head.releases.select_related("app")} if head else {}
    check_route_clashes(
        [stored_routes(m) for n, m in live.items() if n not in names and n not in retire]
        + [(b.manifest.name, list(b.manifest.routes)) for b in bundles]
    )

    if canary is not None and not 1 <= canary <= 99:
        raise ManifestError("canary: a percentage from 1 to 99 (100% is a deploy)")
    canary_runs.check_policy(canary, canary_policy)

    def change(state: RegistryState) -> RegistryState:
        for library in libraries:
            library.put(state.libraries, actor)
        for name in retire:
            state.releases.pop(name, None)
            state.canaries.pop(name, None)
        for bundle in bundles:
            name = bundle.manifest.name
            release = _release_for(bundle, actor)
            if canary is None:
                state.releases[name] = release
                state.canaries.pop(name, None)
            elif name not in state.releases:
                raise RegistryConflict(f"canary: {name} is not live yet; deploy it first")
            elif state.releases[name].pk == release.pk:
                raise RegistryConflict(f"canary: {release} is already live for everyone")
            else:
                state.canaries[name] = (release, canary)
        state.check_routes()
        return state

    created: list[Bundle] = []
    try:
        for bundle in bundles:
            if _publish(bundle):
                created.append(bundle)
        return new_revision(
            change,
            actor=actor,
            action=action,
            message=message,
            scope=scope,
            apps=[*names, *retire, *library_names],
            canary_policy=canary_policy,
        )
    except BaseException:
        for bundle in created:
            _unpublish(bundle)
        raise


def release_rollback(
    *, name: str, actor: str, to_version: str | None = None, scope: Scope = None
) -> Revision:
    """Make an earlier release of ``name`` current again: ``to_version``, or the one before."""
    message = f"rollback {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="rollback", message=message)

    def change(state: RegistryState) -> RegistryState:
        releases = state.releases
        current = releases.get(name)
        if current is None:
            raise RegistryNotFound(f"{name} is not deployed in the current revision")
        if to_version is not None:
            target = Release.objects.filter(app__name=name, version=to_version).first()
            if target is None:
                raise RegistryNotFound(f"{name} has no release {to_version}")
        else:
            target = _previous_release(name, current)
        check_bff_allowed(target.manifest.get("bff"), field=f"bff of {target}")
        releases[name] = target
        state.canaries.pop(name, None)
        state.check_routes()
        return state

    return new_revision(
        change, actor=actor, action="rollback", message=message, scope=scope, apps=[name]
    )


def app_remove(*, name: str, actor: str, scope: Scope = None) -> Revision:
    """Take ``name`` out of the current revision (its releases stay, for rollback and audit)."""
    message = f"remove {name}"
    authorize(scope=scope, apps=[name], actor=actor, action="remove", message=message)

    def change(state: RegistryState) -> RegistryState:
        if state.releases.pop(name, None) is None:
            raise RegistryNotFound(f"{name} is not deployed in the current revision")
        state.canaries.pop(name, None)
        return state

    return new_revision(
        change, actor=actor, action="remove", message=message, scope=scope, apps=[name]
    )


def revision_restore(*, number: int, actor: str, scope: Scope = None) -> Revision:
    """Make the exact set of releases of an earlier revision current again. ``scope`` must
    allow every app whose release or canary that changes (against the head the new revision
    is written on); apps the restore leaves as they are need not be in it."""
    old = Revision.objects.filter(number=number).first()
    if old is None:
        raise RegistryNotFound(f"revision {number} does not exist")

    def change(_: RegistryState) -> RegistryState:
        state = RegistryState.of(old)
        for release in [*state.releases.values(), *(r for r, _ in state.canaries.values())]:
            check_bff_allowed(release.manifest.get("bff"), field=f"bff of {release}")
        state.check_routes()
        return state

    return new_revision(
        change, actor=actor, action="rollback", message=f"restore revision {number}", scope=scope
    )


def new_revision(
    change,
    *,
    actor: str,
    action: str,
    message: str,
    scope: Scope = None,
    apps=(),
    canary_policy: dict | None = None,
) -> Revision:
    """Write the revision ``change`` makes of the head's state, unless it changes nothing.
    ``scope`` must allow ``apps`` and every app whose release or canary it changes. A canary
    it starts opens a run (with ``canary_policy``: judged automatically); one it ends closes
    its run with this ``action``."""
    for _ in range(HEAD_RETRIES):
        try:
            with transaction.atomic():
                lock_registry()
                head = current_revision()
                state = RegistryState.of(head)
                old = state.copy()
                state = change(state)
                state.check_shared()
                refused = outside(scope, {*apps, *state.changed_apps(old)})
                if refused:
                    raise Outside(refused)
                if head and state.key() == old.key():
                    return head  # nothing changed: no new revision
                revision = Revision.objects.create(
                    number=(head.number + 1) if head else 1,
                    created_by=actor,
                    action=action,
                    message=message[:500],
                )
                revision.releases.set(state.releases.values())
                revision.libraries.set(state.libraries.values())
                Canary.objects.bulk_create(
                    Canary(revision=revision, release=release, percent=percent)
                    for release, percent in state.canaries.values()
                )
                canary_runs.follow(old, state, revision.number, action, canary_policy)
                # Open tabs learn of it over the live stream (no version skew).
                live_log.append("registry", RevisionChanged, at=now_ms(), revision=revision.number)
                transaction.on_commit(DEPLOYS.labels(action).inc)
                return revision
        except IntegrityError:
            # Another replica wrote the next revision (or the same app/release) first: retry
            # on the new head, where the checks run again against what it wrote.
            continue
        except Outside as exc:  # its transaction is rolled back: the refusal is kept
            raise refuse(
                scope=scope, apps=exc.apps, actor=actor, action=action, message=message
            ) from None
    raise RegistryConflict("the registry is busy; retry the request")


def canary_promote(*, name: str, actor: str, scope: Scope = None, why: str = "") -> Revision:
    """Give ``name``'s canary release to everyone (``why``: added to the history's message)."""
    message = f"promote {name}" + (f": {why}" if why else "")
    authorize(scope=scope, apps=[name], actor=actor, action="promote", message=message)

    def change(state: RegistryState) -> RegistryState:
        if name not in state.canaries:
            raise RegistryNotFound(f"{name} has no canary in the current revision")
        state.releases[name] = state.canaries.pop(name)[0]
        state.check_routes()
        return state

    return new_revision(
        change, actor=actor, action="promote", message=message, scope=scope, apps=[name]
    )


def canary_abort(*, name: str, actor: str, scope: Scope = None, why: str = "") -> Revision:
    """Take ``name``'s canary back: everyone gets the app's live release again (``why``: added
    to the history's message)."""
    message = f"abort canary {name}" + (f": {why}" if why else "")
    authorize(scope=scope, apps=[name], actor=actor, action="abort", message=message)

    def change(state: RegistryState) -> RegistryState:
        if state.canaries.pop(name, None) is None:
            raise RegistryNotFound(f"{name} has no canary in the current revision")
        return state

    return new_revision(
        change, actor=actor, action="abort", message=message, scope=scope, apps=[name]
    )


def _previous_release(name: str, current: Release) -> Release:
    """The release of ``name`` published just before ``current``: rolling back again keeps
    walking back through the versions instead of toggling between the last two."""
    previous = Release.objects.filter(app__name=name, pk__lt=current.pk).order_by("-pk").first()
    if previous is None:
        raise RegistryNotFound(f"{name} has no earlier release to roll back to")
    return previous


def _check_slug_free(bundle: Bundle) -> None:
    """``@a/cart`` and ``@b/cart`` would publish to the same folder and BFF path."""
    taken = App.objects.filter(slug=bundle.manifest.slug).exclude(name=bundle.manifest.name).first()
    if taken is not None:
        raise ManifestError(
            f"name: the short name {bundle.manifest.slug!r} is taken by {taken.name}"
        )


def _check_immutable(bundle: Bundle) -> None:
    existing = Release.objects.filter(
        app__name=bundle.manifest.name, version=bundle.manifest.version
    )
    release = existing.first()
    if release is not None and release.digest != bundle.digest:
        raise RegistryConflict(
            f"{bundle.manifest.name}@{bundle.manifest.version} is already published with other "
            "content; published versions are immutable, so bump 'version'"
        )


def _release_for(bundle: Bundle, actor: str) -> Release:
    manifest = bundle.manifest
    app, _ = App.objects.get_or_create(name=manifest.name, defaults={"slug": manifest.slug})
    release, created = Release.objects.get_or_create(
        app=app,
        version=manifest.version,
        defaults={
            "manifest": manifest.model_dump(mode="json"),
            "base_url": f"{settings.STATIC_URL}apps/{manifest.slug}/{manifest.version}/",
            "integrity": bundle.integrity,
            "build": (bundle.build.as_record() if bundle.build else {})
            | {"route_bytes": budgets.weigh(bundle).total},
            "digest": bundle.digest,
            "created_by": actor,
        },
    )
    if not created and release.digest != bundle.digest:  # published meanwhile by someone else
        raise RegistryConflict(
            f"{manifest.name}@{manifest.version} was just published with other content"
        )
    return release


def _publish(bundle: Bundle) -> bool:
    """Publish the bundle's files as its version, once; returns whether this call did."""
    manifest = bundle.manifest
    try:
        return release_storage.publish_version(
            slug=manifest.slug,
            version=manifest.version,
            files=bundle.published,
            digest=bundle.digest,
        )
    except release_storage.VersionTaken:
        raise _published_elsewhere(manifest) from None


def _published_elsewhere(manifest: Manifest) -> RegistryConflict:
    return RegistryConflict(
        f"{manifest.name}@{manifest.version} is already published with other content; "
        "published versions are immutable, so bump 'version'"
    )


def _unpublish(bundle: Bundle) -> None:
    """Take back a version this deploy published, unless a release was recorded for it
    meanwhile."""
    manifest = bundle.manifest
    try:
        if Release.objects.filter(app__name=manifest.name, version=manifest.version).exists():
            return
    except DatabaseError:  # cannot tell: leave it (a later deploy of it finds it complete)
        return
    release_storage.unpublish_version(slug=manifest.slug, version=manifest.version)
