"""The shell page and the import map (readiness and metrics are the platform's: bazaar.ops)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from bazaar.api import error_response
from shell.identity.oidc import pop_notice, user_summary
from shell.page import overrides as dev_overrides
from shell.page.canary import bucket_of, keep_bucket, visitor_page_config
from shell.registry.selectors import current_page_config, has_any_role, inline_json
from shell.registry.shared_modules import dev_tools_script

LINK_SLOTS = ("nav", "header-right", "footer")  # the mount points that show link items
PLATFORM_PAGES = ("/outbox", "/overrides")  # client routes the shell shows (not an app)


@require_safe
def shell_page(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every client route renders this one page; unknown routes answer 404 with the same page.

    A route whose app requires sign-in sends a signed-out user to the provider and back.
    """
    config, new_bucket = visitor_page_config(request)
    user = user_summary(request)
    owner = config.owner(request.path)
    if request.path in PLATFORM_PAGES:
        status = 200
    elif owner is None:
        status = 404
    elif owner["auth"]["required"] and not user["signedIn"]:
        return redirect_to_login(
            request.get_full_path(), login_url=settings.LOGIN_URL, redirect_field_name="next"
        )
    elif not has_any_role(owner["auth"]["roles"], set(user["roles"])):
        status = 403
    else:
        status = 200
    importmap = config.importmap
    importmap_json = config.importmap_json
    preloads = format_html(
        "{}{}",
        config.data_preloads_for(owner, request.path),
        config.preloads(owner, signed_in=user["signedIn"]),
    )
    overrides = dev_overrides.requested(request)
    if overrides:  # this developer's page only: the per-revision rendering stays as it is
        importmap = dev_overrides.apply(importmap, overrides)
        importmap_json = inline_json(importmap)
        preloads = ""  # what a preload names may be overridden
        request.csp_script_origins = dev_overrides.origins(overrides)
    response = render(
        request,
        "shell/index.html",
        {
            "config": config,
            "importmap_json": importmap_json,
            "root_config_url": importmap["imports"]["@bazaar/root-config"],
            "overrides": overrides,
            # The search box's room is kept from the first frame when a parcel will fill it.
            "reserve_search": bool(config.mount_points.get("header-search")),
            # import-map-overrides' script and UI, where dev overrides are on.
            "dev_tools": dev_tools_script() if settings.BAZAAR_DEV_OVERRIDES else None,
            "user": user,
            # Link items are plain links, rendered here for every slot that shows links;
            # parcel items (a `module`) are mounted by the root config.
            **{
                f"{slot.replace('-', '_')}_links": config.visible_links(
                    slot, signed_in=user["signedIn"], roles=set(user["roles"])
                )
                for slot in LINK_SLOTS
            },
            "not_found": status == 404,
            "preloads": preloads,
            "notice": (notice := pop_notice(request)),
        },
        status=status,
    )
    # A page with a one-time notice is not kept (by the browser or the service worker).
    response["Cache-Control"] = "no-store" if notice else "no-cache"
    if new_bucket is not None:
        keep_bucket(response, new_bucket)
    return response


@require_safe
def importmap_json(request: HttpRequest) -> HttpResponse:
    config = current_page_config(bucket_of(request))
    response = HttpResponse(config.importmap_json, content_type="application/importmap+json")
    response["Cache-Control"] = "no-cache"
    response["X-Bazaar-Revision"] = str(config.revision)
    return response


def api_not_found(request: HttpRequest, *args) -> HttpResponse:
    """Unknown API paths answer the APIs' JSON error shape, not the shell page."""
    return error_response(404, "not_found", f"no API endpoint at {request.path}")


@require_safe
def live_schema(request: HttpRequest) -> JsonResponse:
    """The live protocol's messages as JSON Schema, for clients in any language."""
    from shell.live.messages import json_schema

    return JsonResponse(json_schema(), json_dumps_params={"indent": 2})
