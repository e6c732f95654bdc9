"""The provider's URLs: only the OAuth 2.0 / OpenID Connect endpoints the shop uses.

django-oauth-toolkit's own ``oauth2_provider.urls`` also mounts its client management pages
(register, list, update and delete applications; authorized tokens), which let any signed-in
user register a client of their own and get tokens for the shop's APIs from it; and dynamic
registration, the device flow, introspection and RFC 8414 metadata, which the shop does not
use. None of those are mounted: clients are registered by an operator (``seed_idp``, or the
provider's database), and the BFFs verify tokens themselves (no introspection).
"""

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path, re_path
from oauth2_provider import views as oauth2_views

from idp.views import AuthorizationView


def healthz(request):
    return JsonResponse({"status": "ok"})


# Named as in oauth2_provider.urls (the toolkit's discovery view reverses these names).
oauth2_urlpatterns = [
    # With silent authentication (prompt=none): see idp.views.
    path("authorize/", AuthorizationView.as_view(), name="authorize"),
    path("token/", oauth2_views.TokenView.as_view(), name="token"),
    path("revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    # Discovery: the toolkit also answers it with a trailing slash (deprecated); keep both.
    re_path(
        r"^\.well-known/openid-configuration/?$",
        oauth2_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", oauth2_views.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", oauth2_views.UserInfoView.as_view(), name="user-info"),
    path("logout/", oauth2_views.RPInitiatedLogoutView.as_view(), name="rp-initiated-logout"),
]

urlpatterns = [
    path("o/", include((oauth2_urlpatterns, "oauth2_provider"), namespace="oauth2_provider")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz),
]
