"""The floors' ASGI application: Django's own handler, under the same daphne as the shop."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_bare")
application = get_asgi_application()
