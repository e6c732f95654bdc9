"""Test support for BFFs: a real RSA key pair standing in for the OpenID provider.

``issuer`` (a pytest fixture) signs tokens exactly as a provider would, and serves its
public keys to the JWT authorizer in place of the provider's JWKS endpoint: only the HTTP
fetch is replaced, every check of the authorizer runs for real.
"""

from __future__ import annotations

import json
import os
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from jwt.algorithms import RSAAlgorithm

# Loaded with ``-p bazaar.testing`` (pyproject), before Django reads its settings: tests use
# the development defaults unless told otherwise.
os.environ.setdefault("BAZAAR_ENV", "dev")
# Tests drive the hub worker themselves (importing the ASGI app must not start one).
os.environ.setdefault("BAZAAR_HUB_WORKER", "off")


class TestIssuer:
    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.kid = self.rotate()

    def rotate(self) -> str:
        """A new signing key (the old ones stay published)."""
        kid = f"test-{uuid.uuid4().hex[:8]}"
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid
        return kid

    def jwks(self) -> dict:
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def claims(
        self, sub: str = "alice", roles: tuple[str, ...] = ("shopper",), **overrides
    ) -> dict:
        now = int(time.time())
        claims = {
            "iss": settings.BAZAAR_OIDC["ISSUER"],
            "aud": settings.BAZAAR_OIDC["AUDIENCE"],
            "sub": sub,
            # The client the token was issued to: the shell's (the first allowed client).
            "azp": settings.BAZAAR_OIDC["ALLOWED_CLIENTS"][0],
            "roles": list(roles),
            "scope": "openid profile email bazaar",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(
        self,
        sub: str = "alice",
        roles: tuple[str, ...] = ("shopper",),
        *,
        kid: str | None = None,
        key=None,
        algorithm: str = "RS256",
        **overrides,
    ) -> str:
        return jwt.encode(
            self.claims(sub, roles, **overrides),
            key or self.keys[kid or self.kid],
            algorithm=algorithm,
            headers={"kid": kid or self.kid},
        )

    def bearer(
        self, sub: str = "alice", roles: tuple[str, ...] = ("shopper",), **overrides
    ) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(sub, roles, **overrides)}"}


@pytest.fixture
def issuer(monkeypatch) -> TestIssuer:
    from bazaar import auth

    test_issuer = TestIssuer()
    cache = auth.JwksCache(lambda deadline: "test://jwks")
    monkeypatch.setattr(cache, "fetch", lambda deadline: test_issuer.jwks())
    monkeypatch.setattr(auth, "JWKS", cache)
    return test_issuer
