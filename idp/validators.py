"""ID token and userinfo claims: names, email, and the user's roles (their groups); silent
authentication (OpenID Connect Core 3.1.2.1, ``prompt=none``)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from idp.views import SIGNED_IN_USER


def roles_of(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


class BazaarValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "roles": "openid",
        "preferred_username": "profile",
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "name": user.get_full_name() or user.get_username(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.get_username(),
            "email": user.email,
            "roles": roles_of(user),
        }

    # prompt=none: the login is silent when the provider has a live session (the view passes
    # its user along), and the authorization when the client needs no consent (first-party
    # clients skip it) — else oauthlib redirects back with login_required / consent_required.
    def validate_silent_login(self, request) -> bool:
        return bool(request.headers.get(SIGNED_IN_USER))

    def validate_silent_authorization(self, request) -> bool:
        client = getattr(request, "client", None)
        return bool(client is not None and client.skip_authorization)
