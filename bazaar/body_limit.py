"""Request bodies over their endpoint's limit are refused by the server as their headers
arrive, before any of the body is read.

Daphne (through Twisted) reads a request's whole body, into a temporary file past 100 KB,
before it hands the request to the application, so a check in Django (bazaar.http's
``RequestSizeLimit``, which stays as the second line) comes after a 300 MB upload has been
written to disk. This installs a request class on daphne's HTTP factory that looks at the
limit of the request's path (``bazaar.http.body_limit``) when the headers are in: a
``Content-Length`` over it is answered ``413`` at once, and a body without one (chunked) is
counted as it arrives and answered ``413`` as soon as it passes the limit. The answer is the
APIs' JSON error shape; the connection is then half-closed and what the client still sends is
read and dropped for a moment (so it reads the 413 rather than a reset), never kept.

Installed by the ASGI modules (``shell.asgi``, ``bazaar.bff_asgi``), i.e. in every web
process daphne serves.
"""

from __future__ import annotations

import json
import logging

from daphne import http_protocol
from twisted.internet import reactor

from bazaar.http import body_limit

LOGGER = logging.getLogger(__name__)
DRAIN_SECONDS = 2.0  # how long a refused client's bytes are read and dropped before closing


def refusal(limit: int) -> bytes:
    body = json.dumps(
        {
            "detail": f"the request body is larger than this endpoint takes ({limit:,} bytes)",
            "code": "payload_too_large",
        }
    ).encode()
    head = (
        "HTTP/1.1 413 Payload Too Large\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    return head + body


class _Dropped:
    """Where the body of a refused request goes: nowhere."""

    closed = False

    def write(self, data: bytes) -> None:
        pass

    def seek(self, *args) -> None:
        pass

    def read(self, *args) -> bytes:
        return b""

    def close(self) -> None:
        self.closed = True


class LimitedRequest(http_protocol.WebRequest):
    _limit = None
    _received = 0
    _refused = False

    def gotLength(self, length):
        path = getattr(self.channel, "_path", b"/").split(b"?", 1)[0].decode("latin-1")
        self._limit = body_limit(path)
        if length is not None and length > self._limit:
            self._refuse()
            return
        super().gotLength(length)

    def handleContentChunk(self, data):
        if self._refused:
            return
        self._received += len(data)
        if self._limit is not None and self._received > self._limit:
            self._refuse()
            return
        super().handleContentChunk(data)

    def requestReceived(self, command, path, version):
        if self._refused:  # the client finished sending what was refused: nothing to serve
            return
        super().requestReceived(command, path, version)

    def _refuse(self) -> None:
        self._refused = True
        old = getattr(self, "content", None)
        if old is not None and hasattr(old, "close"):
            old.close()
        self.content = _Dropped()
        transport = self.channel.transport
        LOGGER.warning("refused a request body over %s bytes", self._limit)
        transport.write(refusal(self._limit))
        transport.loseWriteConnection()
        reactor.callLater(DRAIN_SECONDS, transport.abortConnection)


class LimitedHTTPFactory(http_protocol.HTTPFactory):
    def buildProtocol(self, addr):
        protocol = super().buildProtocol(addr)
        if protocol is not None:
            protocol.requestFactory = LimitedRequest
        return protocol


def install() -> None:
    """Make daphne's servers in this process build limited requests."""
    from daphne import server

    server.HTTPFactory = LimitedHTTPFactory
