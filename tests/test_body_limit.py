"""A body over its endpoint's limit is refused as its headers arrive, before it is read: a
client announcing 300 MB gets the 413 after sending at most a few MiB; a chunked body is cut
off at the limit; bodies within the limit are served as before. A real daphne, a raw socket."""

from __future__ import annotations

import json
import select
import socket
import time

import pytest
import requests

MIB = 1024 * 1024
ANNOUNCED = 300 * MIB
CHUNK = b"x" * (64 * 1024)
# What may go out before the 413 is read: the limit (1 MiB) plus what loopback socket buffers
# hold on both sides (several MiB on a busy machine); without the limit it is all 300 MB.
SENT_AT_MOST = 16 * MIB


@pytest.fixture
def shop(bazaar):
    return bazaar  # the session's shop: nothing here changes it


def send_until_answered(shop, head: bytes, body_chunk, budget: int) -> tuple[int, bytes]:
    """Send ``head`` then ``body_chunk(i)`` pieces until the server answers (or ``budget``
    bytes of body went out); the body bytes sent and the answer."""
    port = int(shop.url.rsplit(":", 1)[1])
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        answer = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock] if sent < budget else [], [], 1)
            if readable:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
                if b"\r\n\r\n" in answer:
                    head_part, _, rest = answer.partition(b"\r\n\r\n")
                    length = int(
                        next(
                            (
                                line.split(b":")[1]
                                for line in head_part.split(b"\r\n")
                                if line.lower().startswith(b"content-length")
                            ),
                            b"0",
                        )
                    )
                    if len(rest) >= length:
                        break
            elif writable:
                try:
                    sent += sock.send(body_chunk(sent))
                except (BrokenPipeError, ConnectionResetError):
                    break
        return sent, answer


def status_and_body(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body or b"null")


@pytest.mark.parametrize(
    "path", ["/bff/cart/api/cart/items", "/bff/orders/api/orders", "/api/registry/releases"]
)
def test_an_announced_body_over_the_limit_is_refused_before_it_is_read(shop, path):
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {ANNOUNCED}\r\n\r\n"
    ).encode()
    sent, answer = send_until_answered(shop, head, lambda _: CHUNK, ANNOUNCED)
    status, body = status_and_body(answer)
    assert status == 413 and body["code"] == "payload_too_large"
    assert sent < SENT_AT_MOST, f"{sent / MIB:.1f} MiB were sent before the 413"


def test_a_chunked_body_is_cut_off_at_the_limit(shop):
    head = (
        b"POST /bff/cart/api/cart/items HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)
    sent, answer = send_until_answered(shop, head, lambda _: piece, ANNOUNCED)
    status, body = status_and_body(answer)
    assert status == 413 and body["code"] == "payload_too_large"
    assert sent < SENT_AT_MOST, f"{sent / MIB:.1f} MiB were sent before the 413"


def test_a_body_within_the_limit_reaches_the_bff(shop):
    payload = {"product_id": "x" * 200, "quantity": 1}
    answer = requests.post(f"{shop.url}/bff/cart/api/cart/items", json=payload, timeout=10)
    assert answer.status_code == 401 and answer.json()["code"] == "unauthorized"  # no token
