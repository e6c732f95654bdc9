"""Deploy-token scopes: the apps a token may change, and the audit of what it was refused."""

from __future__ import annotations

from shell.registry.errors import RegistryForbidden
from shell.registry.models import Refusal

# The apps a deploy token may change (``settings.DEPLOY_TOKEN_SCOPES``); None: every app.
Scope = frozenset[str] | None
EVERY_APP = "*"


def outside(scope: Scope, apps) -> list[str]:
    """The apps of ``apps`` that ``scope`` does not allow, sorted."""
    if scope is None or EVERY_APP in scope:
        return []
    return sorted(set(apps) - scope)


def authorize(*, scope: Scope, apps, actor: str, action: str, message: str) -> None:
    """Raise ``RegistryForbidden`` (recorded) unless ``scope`` allows every app of ``apps``."""
    refused = outside(scope, apps)
    if refused:
        raise refuse(scope=scope, apps=refused, actor=actor, action=action, message=message)


def refuse(*, scope: Scope, apps: list[str], actor: str, action: str, message: str):
    """Record the refusal in the audit; returns the exception to raise."""
    apps = [app[:100] for app in apps[:20]]  # a refused deploy may name anything
    allowed = ", ".join(sorted(scope or ())) or "none"
    detail = (
        f"{message[:300]}: the deploy token {actor!r} may not change {', '.join(apps)} "
        f"(it may change {allowed})"
    )[:1000]
    refusal = Refusal.objects.create(
        created_by=actor, action=action, message=message[:500], apps=apps, reason=detail
    )
    Refusal.objects.filter(pk__lte=refusal.pk - Refusal.KEEP).delete()
    return RegistryForbidden(detail, apps)


class Outside(Exception):
    """Raised in a revision's transaction (rolled back), recorded after it."""

    def __init__(self, apps: list[str]) -> None:
        super().__init__(apps)
        self.apps = apps
