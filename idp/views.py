"""The provider's authorization endpoint, with silent authentication (``prompt=none``).

django-oauth-toolkit answers a signed-out ``prompt=none`` request with ``login_required``
itself, but for a signed-in user it asks the validator whether the login may be silent, and
the validator cannot see who is signed in: oauthlib's request carries the HTTP headers only.
This view passes the signed-in user along under a ``META`` key no HTTP header can forge
(headers arrive as ``HTTP_*``).
"""

from __future__ import annotations

from oauth2_provider import views as oauth2_views

SIGNED_IN_USER = "BAZAAR_IDP_SIGNED_IN_USER"


class AuthorizationView(oauth2_views.AuthorizationView):
    def validate_authorization_request(self, request):
        request.META.pop(SIGNED_IN_USER, None)
        if request.user.is_authenticated:
            request.META[SIGNED_IN_USER] = str(request.user.pk)
        return super().validate_authorization_request(request)
