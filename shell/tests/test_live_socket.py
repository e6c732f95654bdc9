"""The live-update websocket authenticates from the session and refuses foreign origins."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client

from shell.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def connect(origin: bytes, cookie: bytes | None = None):
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", cookie))

    async def run():
        communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        connected, _ = await communicator.connect()
        message = await communicator.receive_json_from() if connected else None
        await communicator.disconnect()
        return connected, message

    return async_to_sync(run)()


def test_a_foreign_origin_is_refused():
    connected, _ = connect(b"http://evil.example")
    assert connected is False


def test_an_anonymous_visitor_connects_signed_out():
    connected, hello = connect(b"http://127.0.0.1:8000")
    assert connected is True
    assert hello == {"type": "hello", "signedIn": False, "user": None}


def test_the_session_cookie_signs_the_socket_in():
    user = get_user_model().objects.create_user("oidc:7", first_name="Alice", last_name="Archer")
    client = Client()
    client.force_login(user, backend="shell.oidc.OIDCBackend")
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    connected, hello = connect(b"http://127.0.0.1:8000", cookie)
    assert connected is True
    assert hello == {"type": "hello", "signedIn": True, "user": "Alice Archer"}
