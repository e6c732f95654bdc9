"""Security in depth for every BFF: JWT authorizer, JWT assertion and the caller's identity.

* **Authorizer** — ``JWTAuth`` verifies the bearer token's signature against the OpenID
  provider's JWKS (cached; refetched once when an unknown ``kid`` appears, for key rotation),
  checks ``iss``, ``aud``, ``exp`` and ``nbf`` with a small leeway, and only accepts the
  algorithms of an allow-list, so ``alg: none`` and HS/RS confusion fail.
* **Assertion** — ``JWTAuth(roles=..., scopes=...)`` answers 403 when the token lacks one.
* **Filter** — the verified ``Principal.sub`` is what every query and command is scoped to.

BFFs use these classes; nothing here knows any particular provider.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

import jwt
import requests
from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

JWKS_TTL = 60 * 60  # 1 hour: keys rarely change, and an unknown kid triggers a refetch
JWKS_MIN_REFETCH = 30  # seconds: a flood of forged kids cannot hammer the provider
HTTP_TIMEOUT = 5  # seconds
HTTP_ATTEMPTS = 3


@dataclass(frozen=True)
class Principal:
    """The verified caller."""

    sub: str
    roles: frozenset[str]
    scopes: frozenset[str]
    name: str
    claims: dict = field(repr=False, compare=False)


def http_get_json(url: str) -> dict:
    """GET JSON with a timeout and bounded retries (for discovery and JWKS)."""
    for attempt in range(1, HTTP_ATTEMPTS + 1):
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError):
            if attempt == HTTP_ATTEMPTS:
                raise
            time.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


class Discovery:
    """The provider's ``/.well-known/openid-configuration``, fetched once on first use.

    After a failed fetch, callers fail fast for ``FAILURE_BACKOFF`` seconds instead of each
    waiting on an unreachable provider.
    """

    FAILURE_BACKOFF = 30  # seconds

    def __init__(self, url: str) -> None:
        self.url = url
        self._document: dict | None = None
        self._failed_at = -math.inf
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> str:
        with self._lock:
            if self._document is None:
                if time.monotonic() - self._failed_at < self.FAILURE_BACKOFF:
                    raise requests.ConnectionError(f"{self.url} was unreachable moments ago")
                try:
                    self._document = http_get_json(self.url)
                except (requests.RequestException, ValueError):
                    self._failed_at = time.monotonic()
                    raise
        return self._document[key]


class JwksCache:
    """Public keys by ``kid``, refreshed after ``JWKS_TTL`` or when a new ``kid`` shows up.

    A failed refresh keeps the keys already known (a provider outage must not sign everyone
    out) and waits ``JWKS_MIN_REFETCH`` before trying again.
    """

    def __init__(self, url_provider) -> None:
        self._url_provider = url_provider
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = -math.inf
        self._lock = threading.Lock()

    def fetch(self) -> dict:
        return http_get_json(self._url_provider())

    def key(self, kid: str | None) -> jwt.PyJWK | None:
        with self._lock:
            age = time.monotonic() - self._fetched_at
            if age > JWKS_TTL or (kid not in self._keys and age > JWKS_MIN_REFETCH):
                try:
                    self._load()
                except (requests.RequestException, ValueError):
                    self._fetched_at = time.monotonic() - JWKS_TTL + JWKS_MIN_REFETCH
                    if not self._keys:
                        raise
            return self._keys.get(kid) if kid else None

    def _load(self) -> None:
        keys = {}
        for data in self.fetch().get("keys", []):
            if data.get("use", "sig") != "sig" or "kid" not in data:
                continue
            try:
                keys[data["kid"]] = jwt.PyJWK(data)
            except jwt.PyJWTError:
                continue  # a key type we do not support: skip it, keep the others
        self._keys = keys
        self._fetched_at = time.monotonic()


def _jwks_url() -> str:
    return settings.BAZAAR_OIDC["JWKS_URL"] or DISCOVERY["jwks_uri"]


DISCOVERY = Discovery(settings.BAZAAR_OIDC["DISCOVERY_URL"])
JWKS = JwksCache(_jwks_url)


def verify_token(token: str) -> Principal:
    """Verify a bearer token; raise ``AuthenticationError`` saying what is wrong."""
    config = settings.BAZAAR_OIDC
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise AuthenticationError(401, "the bearer token is not a JWT") from None
    algorithm = header.get("alg")
    if algorithm not in config["ALGORITHMS"]:
        raise AuthenticationError(401, f"token algorithm {algorithm!r} is not accepted")
    try:
        key = JWKS.key(header.get("kid"))
    except (requests.RequestException, ValueError):
        raise AuthenticationError(401, "the provider's signing keys are unavailable") from None
    if key is None:
        raise AuthenticationError(401, "the token is signed with an unknown key")
    if key.key_type not in algorithm_family(algorithm):
        raise AuthenticationError(401, "the token's algorithm does not match its key")
    try:
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[algorithm],
            audience=config["AUDIENCE"],
            issuer=config["ISSUER"],
            leeway=config["LEEWAY"],
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationError(401, "the token has expired") from None
    except jwt.ImmatureSignatureError:
        raise AuthenticationError(401, "the token is not valid yet") from None
    except jwt.InvalidAudienceError:
        raise AuthenticationError(401, "the token is for another audience") from None
    except jwt.InvalidIssuerError:
        raise AuthenticationError(401, "the token is from another issuer") from None
    except jwt.InvalidSignatureError:
        raise AuthenticationError(401, "the token's signature is invalid") from None
    except jwt.PyJWTError as exc:
        raise AuthenticationError(401, f"the token is invalid: {exc}") from None
    return Principal(
        sub=str(claims["sub"]),
        roles=frozenset(roles_of(claims)),
        scopes=frozenset(_as_list(claims.get("scope") or claims.get("scp"))),
        name=claims.get("name") or claims.get("preferred_username") or "",
        claims=claims,
    )


def roles_of(claims: dict) -> list[str]:
    """The user's roles, from the claim the provider puts them in (``BAZAAR_OIDC_ROLES_CLAIM``)."""
    return sorted(_as_list(claims.get(settings.BAZAAR_OIDC["ROLES_CLAIM"])))


def _as_list(value) -> list[str]:
    """Claims like ``scope`` come as a space-separated string or as a list, by provider."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return []


def algorithm_family(algorithm: str) -> set[str]:
    return {"RS": {"RSA"}, "PS": {"RSA"}, "ES": {"EC"}, "Ed": {"OKP"}}.get(algorithm[:2], set())


class JWTAuth(HttpBearer):
    """Authorizer + assertion: ``JWTAuth(roles={"admin"})`` also requires the admin role."""

    def __init__(
        self,
        *,
        roles: set[str] | frozenset[str] = frozenset(),
        scopes: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.roles = frozenset(roles)
        self.scopes = frozenset(scopes)

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            raise AuthenticationError(401, "sign in: this operation needs a bearer token")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        principal = verify_token(token)
        missing_roles = self.roles - principal.roles
        if missing_roles:
            raise AuthorizationError(
                403, f"this operation needs the role {sorted(missing_roles)[0]!r}"
            )
        missing_scopes = self.scopes - principal.scopes
        if missing_scopes:
            raise AuthorizationError(
                403, f"this operation needs the scope {sorted(missing_scopes)[0]!r}"
            )
        return principal
