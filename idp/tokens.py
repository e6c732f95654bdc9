"""JWT access tokens (django-oauth-toolkit issues opaque ones by default).

Each BFF verifies these on its own with the provider's JWKS: signature (RS256), ``iss``,
``aud``, ``exp``/``nbf``, and reads ``sub``, ``scope`` and ``roles``.
"""

from __future__ import annotations

import functools
import time
import uuid

import jwt
from django.conf import settings
from oauth2_provider.settings import oauth2_settings

from idp.validators import roles_of


def jwt_access_token(request, refresh_token: bool = False) -> str:
    """ACCESS_TOKEN_GENERATOR: ``request`` is oauthlib's request, with the user resolved."""
    now = int(time.time())
    user = request.user
    claims = {
        "iss": settings.ISSUER,
        "aud": settings.AUDIENCE,
        "sub": str(user.pk),
        "azp": request.client_id,
        "scope": " ".join(request.scopes or []),
        "roles": roles_of(user),
        "preferred_username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "iat": now,
        "nbf": now,
        "exp": now + oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS,
        "jti": uuid.uuid4().hex,
    }
    key = oauth2_settings.OIDC_RSA_PRIVATE_KEY
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": _kid()})


@functools.cache
def _kid() -> str:
    from jwcrypto import jwk

    key = jwk.JWK.from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY.encode())
    return key.thumbprint()
