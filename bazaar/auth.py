"""Security in depth for every BFF: JWT authorizer, JWT assertion and the caller's identity.

* **Authorizer** — ``JWTAuth`` verifies the bearer token's signature against the OpenID
  provider's JWKS (cached; refetched once when an unknown ``kid`` appears, for key rotation;
  a request never waits on the provider longer than ``PROVIDER_TIMEOUT``),
  checks ``iss``, ``aud``, ``exp`` and ``nbf`` with a small leeway, and only accepts the
  algorithms of an allow-list, so ``alg: none`` and HS/RS confusion fail; and the client the
  token was issued to (``azp`` / ``client_id``) must be one of ``BAZAAR_OIDC["ALLOWED_CLIENTS"]``
  (the shell's by default), so a token minted for anybody else's client is refused.
* **Assertion** — ``JWTAuth(roles=..., scopes=...)`` answers 403 when the token lacks one;
  every token needs the shop's API scope (``BAZAAR_OIDC["API_SCOPE"]``, ``bazaar``) unless an
  operation declares its own scopes.
* **Filter** — the verified ``Principal.sub`` is what every query and command is scoped to.

BFFs use these classes; nothing here knows any particular provider.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import jwt
import requests
from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

JWKS_TTL = 60 * 60  # 1 hour: keys rarely change, and an unknown kid triggers a refetch
JWKS_MIN_REFETCH = 30  # seconds: a flood of forged kids cannot hammer the provider
# The longest a request waits on the provider (discovery and JWKS together, one attempt, no
# retry): an outage must not stall the shop. Requests whose key is known never wait at all.
PROVIDER_TIMEOUT = 2.0  # seconds
MAX_DOCUMENT_BYTES = 1024 * 1024  # discovery and JWKS documents are a few kB
DEFAULT_SCOPE = "bazaar"

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Principal:
    """The verified caller."""

    sub: str
    roles: frozenset[str]
    scopes: frozenset[str]
    name: str
    claims: dict = field(repr=False, compare=False)


def api_scope() -> str:
    """The scope a token needs to use the shop's BFFs (``BAZAAR_OIDC["API_SCOPE"]``, ``bazaar``)."""
    return settings.BAZAAR_OIDC.get("API_SCOPE") or DEFAULT_SCOPE


def http_get_json(url: str, *, deadline: float) -> dict:
    """GET a JSON object once, giving up by ``deadline`` (a ``time.monotonic()`` value).

    No retry: a caller is a request waiting for an answer; callers back off instead.
    """
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise requests.Timeout(f"no time left to fetch {url}")
    # Half for connecting, half for each read; the deadline is checked between reads too.
    with requests.get(url, timeout=(remaining / 2, remaining / 2), stream=True) as response:
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > MAX_DOCUMENT_BYTES:
                raise ValueError(f"{url} answered a document over {MAX_DOCUMENT_BYTES} bytes")
            if time.monotonic() > deadline:
                raise requests.Timeout(f"{url} took too long to answer")
    document = json.loads(bytes(body))
    if not isinstance(document, dict):
        raise ValueError(f"{url} did not answer a JSON object")
    return document


def _acquire(lock: threading.Lock, deadline: float) -> None:
    """Wait for ``lock`` until ``deadline`` at most (another request is fetching)."""
    if not lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise requests.Timeout("the provider is slow to answer another request")


class Discovery:
    """The provider's ``/.well-known/openid-configuration``, fetched once on first use.

    One request fetches while others wait for it no longer than their own deadline; after a
    failed fetch, callers fail fast for ``FAILURE_BACKOFF`` seconds instead of each waiting
    on an unreachable provider.
    """

    FAILURE_BACKOFF = 30  # seconds

    def __init__(self, url: str) -> None:
        self.url = url
        self._document: dict | None = None
        self._failed_at = -math.inf
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> str:
        return self.document()[key]

    def document(self, *, deadline: float | None = None) -> dict:
        if self._document is not None:
            return self._document
        deadline = deadline or time.monotonic() + PROVIDER_TIMEOUT
        _acquire(self._lock, deadline)
        try:
            if self._document is None:  # nobody fetched it while we waited
                if time.monotonic() - self._failed_at < self.FAILURE_BACKOFF:
                    raise requests.ConnectionError(f"{self.url} was unreachable moments ago")
                try:
                    self._document = http_get_json(self.url, deadline=deadline)
                except (requests.RequestException, ValueError):
                    self._failed_at = time.monotonic()
                    raise
            return self._document
        finally:
            self._lock.release()


class JwksCache:
    """Public keys by ``kid``, refreshed after ``JWKS_TTL`` or when a new ``kid`` shows up.

    A token whose key is known never waits: when the keys are due for a refresh, it is done in
    the background. An unknown ``kid`` fetches the keys (one request at a time, within the
    caller's deadline), at most once every ``JWKS_MIN_REFETCH`` seconds. A failed refresh
    keeps the keys already known: a provider outage must not sign everyone out.
    """

    def __init__(self, url_provider: Callable[[float], str]) -> None:
        self._url_provider = url_provider  # deadline -> the JWKS URL
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = -math.inf  # last successful fetch
        self._attempted_at = -math.inf  # last fetch, whatever its outcome
        self._failed = False
        self._fetching = threading.Lock()

    def fetch(self, deadline: float) -> dict:
        return http_get_json(self._url_provider(deadline), deadline=deadline)

    def key(self, kid: str | None, *, deadline: float | None = None) -> jwt.PyJWK | None:
        if not kid or not isinstance(kid, str):
            return None
        now = time.monotonic()
        keys = self._keys
        if kid in keys:
            if now - self._fetched_at > JWKS_TTL and now - self._attempted_at > JWKS_MIN_REFETCH:
                self._refresh_in_background()
            return keys[kid]
        if now - self._attempted_at > JWKS_MIN_REFETCH:
            self._fetch_now(deadline or now + PROVIDER_TIMEOUT)
        elif self._failed and not self._keys:
            raise requests.ConnectionError("the provider's keys were unavailable moments ago")
        return self._keys.get(kid)

    def _fetch_now(self, deadline: float) -> None:
        _acquire(self._fetching, deadline)
        try:
            # Whoever held the lock may have just fetched: then use what they got.
            if time.monotonic() - self._attempted_at > JWKS_MIN_REFETCH:
                self._load(deadline)
            elif self._failed and not self._keys:
                raise requests.ConnectionError("the provider's keys are unavailable")
        finally:
            self._fetching.release()

    def _refresh_in_background(self) -> None:
        if not self._fetching.acquire(blocking=False):
            return  # a fetch is under way already

        def refresh() -> None:
            try:
                self._load(time.monotonic() + PROVIDER_TIMEOUT)
            except (requests.RequestException, ValueError) as exc:
                LOGGER.warning("keeping the known signing keys: refresh failed (%s)", exc)
            finally:
                self._fetching.release()

        threading.Thread(target=refresh, name="jwks-refresh", daemon=True).start()

    def _load(self, deadline: float) -> None:
        self._attempted_at = time.monotonic()
        try:
            document = self.fetch(deadline)
        except (requests.RequestException, ValueError):
            self._failed = True
            raise
        keys = {}
        for data in document.get("keys", []):
            if not isinstance(data, dict) or data.get("use", "sig") != "sig" or "kid" not in data:
                continue
            try:
                keys[data["kid"]] = jwt.PyJWK(data)
            except jwt.PyJWTError:
                continue  # a key type we do not support: skip it, keep the others
        self._keys = keys
        self._fetched_at = time.monotonic()
        self._failed = False


def _jwks_url(deadline: float) -> str:
    if settings.BAZAAR_OIDC["JWKS_URL"]:
        return settings.BAZAAR_OIDC["JWKS_URL"]
    url = DISCOVERY.document(deadline=deadline).get("jwks_uri")
    if not isinstance(url, str):
        raise ValueError("the provider's discovery document names no jwks_uri")
    return url


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
    check_client(claims)
    return Principal(
        sub=str(claims["sub"]),
        roles=frozenset(roles_of(claims)),
        scopes=frozenset(_as_list(claims.get("scope") or claims.get("scp"))),
        name=claims.get("name") or claims.get("preferred_username") or "",
        claims=claims,
    )


def allowed_clients() -> frozenset[str]:
    """The clients whose tokens the BFFs take (``BAZAAR_OIDC["ALLOWED_CLIENTS"]``)."""
    allowed = settings.BAZAAR_OIDC.get("ALLOWED_CLIENTS") or ()
    if isinstance(allowed, str):
        allowed = allowed.split(",")
    return frozenset(client.strip() for client in allowed if client.strip())


def check_client(claims: dict) -> None:
    """The token must have been issued to one of the shop's own clients.

    The provider names the client it issued an access token to in ``azp`` (OpenID Connect;
    the dev provider always sets it) or ``client_id`` (RFC 9068); where a token carries both,
    both must be allowed. A token that names no client is refused: nothing would show it is
    not one the provider minted for a client registered by somebody else.
    """
    named = [claims[claim] for claim in ("azp", "client_id") if claim in claims]
    if not named:
        raise AuthenticationError(
            401, "the token names no client (azp): only the shop's own clients' tokens are taken"
        )
    allowed = allowed_clients()
    for client in named:
        if not isinstance(client, str):
            raise AuthenticationError(401, "the token's client (azp) is not a string")
        if client not in allowed:
            shown = client if len(client) <= 100 else client[:100] + "…"
            raise AuthenticationError(
                401, f"the token was issued to the client {shown!r}, which may not use this API"
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
    """Authorizer + assertion: ``JWTAuth(roles={"admin"})`` also requires the admin role.

    Every token needs the shop's API scope (``api_scope()``) unless ``scopes`` names the
    scopes an operation needs instead: a token asked for with ``scope=openid`` alone signs
    the user in to its client, it does not let that client use the BFFs.
    """

    openapi_bearerFormat = "JWT"  # noqa: N815 - ninja turns openapi_* into the scheme's fields
    openapi_description = (
        "An access token of the shop's OpenID provider, carrying the shop's API scope "
        "(`bazaar` by default); some operations also need a role."
    )

    def __init__(
        self,
        *,
        roles: set[str] | frozenset[str] = frozenset(),
        scopes: set[str] | frozenset[str] | None = None,
    ) -> None:
        super().__init__()
        self.roles = frozenset(roles)
        self.scopes = None if scopes is None else frozenset(scopes)

    @property
    def required_scopes(self) -> frozenset[str]:
        return frozenset({api_scope()}) if self.scopes is None else self.scopes

    def __call__(self, request: HttpRequest):
        # Parsed here rather than by ninja's HttpBearer, which logs the whole header (the
        # credentials) when the scheme is not Bearer and DEBUG is on.
        scheme, _, token = request.headers.get(self.header, "").strip().partition(" ")
        if not scheme:
            raise AuthenticationError(401, "sign in: this operation needs a bearer token")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError(401, "the Authorization header must be 'Bearer <token>'")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        principal = verify_token(token)
        missing_roles = self.roles - principal.roles
        if missing_roles:
            raise AuthorizationError(
                403, f"this operation needs the role {sorted(missing_roles)[0]!r}"
            )
        missing_scopes = self.required_scopes - principal.scopes
        if missing_scopes:
            raise AuthorizationError(
                403, f"this operation needs the scope {sorted(missing_scopes)[0]!r}"
            )
        return principal
