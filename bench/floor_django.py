"""Floor settings: the middleware ``django-admin startproject`` generates."""

from bench.floor import *  # noqa: F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.messages"]  # noqa: F405
try:
    import rest_framework  # noqa: F401 - the DRF view of bench/floor_urls.py

    INSTALLED_APPS.append("rest_framework")
except ImportError:
    pass
