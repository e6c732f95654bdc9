"""ASGI entry point of the shell: HTTP through Django, websockets through Channels. Importing
it starts nothing; in the embedded mode the hub's worker thread starts with the first
connection the server hands over (daphne has no lifespan events)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shell.settings")
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the app registry ready)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

from bazaar import body_limit  # noqa: E402
from eventhub.worker import StartsEmbeddedWorker  # noqa: E402
from shell.live.consumers import LiveConsumer  # noqa: E402
from shell.live.origin import SameOriginValidator  # noqa: E402
from shell.page.handler import BazaarASGIHandler  # noqa: E402

body_limit.install()  # bodies over their limit are refused before they are read
django_asgi_app = BazaarASGIHandler()
websocket_urlpatterns = [path("ws/live/", LiveConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
if settings.BAZAAR_HUB_WORKER == "embedded":
    application = StartsEmbeddedWorker(application)
