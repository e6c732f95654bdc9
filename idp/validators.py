"""ID token and userinfo claims: names, email, and the user's roles (their groups)."""

from oauth2_provider.oauth2_validators import OAuth2Validator


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
