"""The shell as OpenID Connect relying party (mozilla-django-oidc, code flow with PKCE).

The provider's endpoints come from its discovery document, fetched lazily on first use, so
the shell starts while the provider is still starting and any compliant provider works by
configuration alone. The session keeps the access and refresh tokens; the page gets a
short-lived access token from ``/oidc/token/`` (kept in memory by ``@bazaar/platform``) and
the shell renews it with the refresh token shortly before it expires.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.middleware import SessionRefresh
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from bazaar.auth import DISCOVERY, api_scope, roles_of

LOGGER = logging.getLogger(__name__)
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
SESSION_ROLES = "bazaar_roles"
SESSION_REFRESH_TOKEN = "oidc_refresh_token"
SESSION_ACCESS_EXPIRES = "oidc_access_token_expires_at"
SESSION_NOTICE = "bazaar_notice"  # one line the next page shows, then forgets
SESSION_RENEWALS = "bazaar_silent_renewals"  # when the last silent renewals started (epoch s)
# A renewal that comes back without renewing anything (a callback that fails, a renew interval
# of 0) must not send the browser round again and again: past this many in the window, pages
# are served as they are until the window has passed.
MAX_RENEWALS = 3
RENEWAL_WINDOW_SECONDS = 60
SESSION_ENDED = "Your session has ended, so you have been signed out. Sign in again to go on."
SIGN_IN_FAILED = "Signing in did not complete. Please try again."


def oidc_setting(attr: str, *args):
    """Settings for mozilla-django-oidc, with the provider's endpoints from discovery (lazily:
    they are only resolved when a request uses them)."""
    if attr in DISCOVERED and not hasattr(settings, attr):
        return lazy(lambda: DISCOVERY[DISCOVERED[attr]], str)()
    if attr == "OIDC_RP_SCOPES":
        return sign_in_scopes(import_from_settings(attr, *args))
    return import_from_settings(attr, *args)


def sign_in_scopes(configured: str) -> str:
    """The scopes a sign-in asks for: the configured ones, always with the BFFs' API scope
    (without it, the access token is refused by every BFF)."""
    scopes = configured.split()
    return " ".join([*scopes, api_scope()] if api_scope() not in scopes else scopes)


class OIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def get_token(self, payload):
        self._token_info = super().get_token(payload)
        return self._token_info

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        store_token_info(self.request.session, self._token_info)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            claims = self._claims
            self.request.session[SESSION_ROLES] = roles_of(claims)
        return user

    def get_userinfo(self, access_token, id_token, payload):
        self._claims = {**payload, **super().get_userinfo(access_token, id_token, payload)}
        return self._claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    # Users are matched on the provider's stable subject, not on a mutable email address.
    def filter_users_by_claims(self, claims):
        return get_user_model().objects.filter(username=username_for(claims))

    def create_user(self, claims):
        user = get_user_model().objects.create_user(username_for(claims))
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = (claims.get("given_name") or claims.get("name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.email = claims.get("email") or ""
        user.save()
        return user


def username_for(claims: dict) -> str:
    return f"oidc:{claims['sub']}"[:150]


def store_token_info(session, token_info: dict) -> None:
    if token_info.get("access_token"):
        session["oidc_access_token"] = token_info["access_token"]
    if token_info.get("refresh_token"):
        session[SESSION_REFRESH_TOKEN] = token_info["refresh_token"]
    session[SESSION_ACCESS_EXPIRES] = time.time() + int(token_info.get("expires_in") or 300)


class AuthenticateView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer. A refusal (``login_required`` after a silent renewal whose
    provider session had ended, a denied consent, a stale or replayed state) signs the user
    out here and goes back to the page they were on with a notice: never an error page."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        self._next = request.session.get("oidc_login_next")
        self._was_signed_in = request.user.is_authenticated
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # an unknown state: an old, replayed or forged answer
            LOGGER.warning("sign-in answer refused: %s", error)
            if request.user.is_authenticated:  # it asked for nothing: the session goes on
                return HttpResponseRedirect(back_after_sign_out(request, self._next))
            return self.login_failure()

    def login_failure(self):
        request = self.request
        if request.user.is_authenticated:
            auth.logout(request)
        request.session[SESSION_NOTICE] = SESSION_ENDED if self._was_signed_in else SIGN_IN_FAILED
        return HttpResponseRedirect(back_after_sign_out(request, self._next))


def back_after_sign_out(request: HttpRequest, next_url: str | None) -> str:
    """Where a signed-out user goes back to: the page they were on unless it needs sign-in."""
    from shell.registry.selectors import current_page_config

    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return settings.LOGOUT_REDIRECT_URL
    owner = current_page_config().owner(next_url.split("?", 1)[0])
    if owner is not None and owner["auth"]["required"]:
        return settings.LOGOUT_REDIRECT_URL
    return next_url


def pop_notice(request: HttpRequest) -> str:
    """The notice left for the next page (once), or ""."""
    if SESSION_NOTICE not in request.session:
        return ""
    return request.session.pop(SESSION_NOTICE)


class OIDCSessionRefresh(SessionRefresh):
    """Silently re-authenticates (prompt=none) once the ID token has expired.

    The provider answers with a code (its session is live: the shopper stays signed in) or
    with ``login_required`` (the callback signs the shopper out here, with a notice). At most
    ``MAX_RENEWALS`` rounds a window, so no answer can make a redirect loop. When the provider
    cannot be reached the page is served anyway: the BFFs will refuse an expired token, and
    the next page load tries again.
    """

    get_settings = staticmethod(oidc_setting)
    SESSIONLESS = ("/sw.js", "/manifest.webmanifest")
    BEARER_APIS = ("/bff/",)  # JWTs, not the session: nothing to refresh, nothing to read

    def is_refreshable_url(self, request) -> bool:
        # Static files and the service worker never read the session: a request sent with the
        # cookie from before a sign-in (the worker precaching, say) that read it after the
        # sign-in had replaced it would find it gone, and Django would delete the new cookie.
        path = request.path
        if path.startswith((settings.STATIC_URL, *self.BEARER_APIS)) or path in self.SESSIONLESS:
            return False
        return super().is_refreshable_url(request)

    def process_request(self, request):
        if not self.is_refreshable_url(request):
            return None
        if request.session.get("oidc_id_token_expiration", 0) > time.time():
            return None
        now = time.time()
        recent = [
            t for t in request.session.get(SESSION_RENEWALS, []) if now - t < RENEWAL_WINDOW_SECONDS
        ]
        if len(recent) >= MAX_RENEWALS:
            LOGGER.warning(
                "silent renewal skipped: %d rounds in %d s", len(recent), RENEWAL_WINDOW_SECONDS
            )
            return None
        try:
            response = super().process_request(request)
        except (requests.RequestException, KeyError, ValueError):
            LOGGER.warning("session refresh skipped: the OpenID provider is unreachable")
            return None
        if response is not None:
            request.session[SESSION_RENEWALS] = [*recent, now]
        return response


def provider_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout at the provider, back to the shop afterwards."""
    try:
        endpoint = DISCOVERY["end_session_endpoint"]
    except (KeyError, requests.RequestException):
        return settings.LOGOUT_REDIRECT_URL
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
    }
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{endpoint}?{urlencode(params)}"


def refresh_access_token(session) -> bool:
    """Trade the refresh token for a new access token; False when the session cannot."""
    refresh_token = session.get(SESSION_REFRESH_TOKEN)
    if not refresh_token:
        return False
    try:
        response = requests.post(
            DISCOVERY["token_endpoint"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "client_secret": settings.OIDC_RP_CLIENT_SECRET,
            },
            timeout=settings.OIDC_TIMEOUT,
        )
    except requests.RequestException:
        return False
    if response.status_code != 200:
        return False
    try:
        store_token_info(session, response.json())
    except ValueError:  # not JSON: treat as a failed refresh
        return False
    return True


@never_cache
@require_safe
def access_token(request: HttpRequest) -> JsonResponse:
    """The signed-in user's access token for ``@bazaar/platform`` (same-origin only)."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "not signed in", "code": "unauthorized"}, status=401)
    session = request.session
    renew_before = settings.BAZAAR_OIDC["RENEW_BEFORE"]
    if session.get(
        SESSION_ACCESS_EXPIRES, 0
    ) - time.time() < renew_before and not refresh_access_token(session):
        return JsonResponse(
            {"detail": "the session expired: sign in again", "code": "unauthorized"}, status=401
        )
    return JsonResponse(
        {
            "access_token": session["oidc_access_token"],
            "expires_at": int(session[SESSION_ACCESS_EXPIRES]),
            "user": user_summary(request),
        }
    )


def user_summary(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {"signedIn": False, "id": "", "name": "", "roles": []}
    return {
        "signedIn": True,
        # Whose saved data and queued commands the browser holds (never a secret).
        "id": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "roles": request.session.get(SESSION_ROLES, []),
    }
