"""JWT access tokens (django-oauth-toolkit issues opaque ones by default).

Each BFF verifies these on its own with the provider's JWKS: signature (RS256), ``iss``,
``aud``, ``exp``/``nbf``, and reads ``sub``, ``scope`` and ``roles``. The shop's audience is
only in tokens whose scope asks for it (``API_SCOPES``); any other token is for the client
alone.
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
        "aud": audience(request.client_id, request.scopes or []),
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


def audience(client_id: str, scopes: list[str]) -> str | list[str]:
    """The APIs the scopes ask for, by ``API_SCOPES``; without any, the client itself."""
    apis = sorted({settings.API_SCOPES[s] for s in scopes if s in settings.API_SCOPES})
    if not apis:
        return client_id
    return apis[0] if len(apis) == 1 else apis


@functools.cache
def _kid() -> str:
    from jwcrypto import jwk

    key = jwk.JWK.from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY.encode())
    return key.thumbprint()
