"""A local HTTP server standing in for an SMS gateway: it keeps every request it receives
(method, path, query, headers, body) and answers with a status and body the test sets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Received:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class GatewayServer:
    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, bytes]] = field(default_factory=list)  # next answers, then 201 {}


class _Handler(BaseHTTPRequestHandler):
    server_state: GatewayServer

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        parts = urlsplit(self.path)
        state = self.server.state  # type: ignore[attr-defined]
        state.received.append(
            Received(
                self.command,
                parts.path,
                parts.query,
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
        )
        status, body = state.answers.pop(0) if state.answers else (201, b'{"sid": "SM1"}')
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _handle  # noqa: N815

    def log_message(self, *args: object) -> None:  # quiet
        pass


@contextmanager
def gateway_server() -> Iterator[GatewayServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # the port the kernel picks
    state = GatewayServer(url=f"http://127.0.0.1:{httpd.server_port}")
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
