"""The development OpenID provider: its own Django project, process, database and cookies.

django-oauth-toolkit with OpenID Connect, RS256 signatures, a JWKS endpoint, discovery, and
JWT access tokens. Nothing in the shell or the BFFs depends on it beyond the standard
endpoints, so Keycloak, Auth0 or Entra ID can replace it (see README).
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bazaar.config import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.path("BAZAAR_IDP_DATA_DIR", BASE_DIR / "var" / "idp")
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.text("IDP_SECRET_KEY", "dev-idp-insecure-secret-key")
# Like the shell: debug pages only when asked for, and by default only in development.
DEBUG = env.flag("DJANGO_DEBUG", env.text("BAZAAR_ENV") == "dev")
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Where this provider is reached, and the shell it serves (its redirect URIs derive from it).
ISSUER = env.text("IDP_ISSUER", "http://127.0.0.1:8001/o")
SHELL_URLS = env.text("IDP_SHELL_URLS", "http://127.0.0.1:8000,http://localhost:8000").split(",")
CLIENT_ID = env.text("BAZAAR_OIDC_CLIENT_ID", "bazaar-shell")
CLIENT_SECRET = env.text("BAZAAR_OIDC_CLIENT_SECRET", "bazaar-shell-dev-secret")
AUDIENCE = env.text("BAZAAR_OIDC_AUDIENCE", "bazaar")
# The scope that asks for an access token to the shop's BFFs, and the audience it brings.
API_SCOPE = env.text("BAZAAR_OIDC_API_SCOPE", "bazaar")
API_SCOPES = {API_SCOPE: AUDIENCE}
ACCESS_TOKEN_SECONDS = env.integer("IDP_ACCESS_TOKEN_SECONDS", 300)


def _signing_key() -> str:
    """The RS256 private key: IDP_RSA_PRIVATE_KEY, else one generated once and kept on disk."""
    if env.text("IDP_RSA_PRIVATE_KEY"):
        return env.text("IDP_RSA_PRIVATE_KEY")
    path = DATA_DIR / "oidc-signing-key.pem"
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
    return path.read_text()


INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "idp",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "UTC"
LOGIN_URL = "/accounts/login/"

# The shell runs on the same host name: keep this provider's cookies apart from it.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": _signing_key(),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    # Only the S256 challenge: "plain" (or none given, which means plain) is refused.
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "SCOPES": {
        "openid": "Sign you in",
        "profile": "Your name",
        "email": "Your email address",
        API_SCOPE: "Use the Bazaar shop on your behalf",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "idp.validators.BazaarValidator",
    "ACCESS_TOKEN_GENERATOR": "idp.tokens.jwt_access_token",
    "REFRESH_TOKEN_GENERATOR": "oauthlib.oauth2.rfc6749.tokens.random_token_generator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": ACCESS_TOKEN_SECONDS,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    # Several tabs renew at once with the same refresh token: let the losers still succeed.
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 120,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
