"""A CDN stand-in for tests of modules hosted elsewhere: a real HTTP server on loopback that
answers each path with the status, content type and bytes a test gives it."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass, field


@dataclass
class ModuleHost:
    origin: str
    answers: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    truncated: set[str] = field(default_factory=set)  # paths whose answer stops short
    requests: list[str] = field(default_factory=list)

    def serve(
        self, path: str, body: bytes, *, status: int = 200, content_type: str = "text/javascript"
    ) -> str:
        """Answer ``path`` like this from now on; returns its URL."""
        self.answers[path] = (status, content_type, body)
        return self.origin + path


class _Server(http.server.ThreadingHTTPServer):
    # A longer listen queue than socketserver's 5: under a loaded machine (the whole suite) a
    # burst of fetches overflowed it once and a deploy test saw its connection reset.
    request_queue_size = 64
    daemon_threads = True


def start_module_host() -> tuple[ModuleHost, http.server.ThreadingHTTPServer]:
    host = ModuleHost(origin="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            host.requests.append(self.path)
            status, content_type, body = host.answers.get(
                self.path, (404, "text/plain", b"not found")
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            promised = len(body) + (1000 if self.path in host.truncated else 0)
            self.send_header("Content-Length", str(promised))
            self.send_header("Access-Control-Allow-Origin", "*")  # modules load in CORS mode
            self.end_headers()
            self.wfile.write(body)

    server = _Server(("127.0.0.1", 0), Handler)
    host.origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return host, server
