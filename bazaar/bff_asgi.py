"""ASGI entry point of one BFF served alone (``BAZAAR_BFF=<name>``): HTTP only, through the
platform's pooled handler. Its hub work runs as ``manage.py hub_worker`` with the same
settings, a process of its own."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bazaar.bff_settings")
django.setup(set_prefix=False)

from bazaar import body_limit  # noqa: E402
from bazaar.handler import PooledASGIHandler  # noqa: E402

body_limit.install()  # bodies over their limit are refused before they are read
application = PooledASGIHandler()
