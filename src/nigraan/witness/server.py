"""The witness over HTTP: ``POST <prefix>/add-checkpoint``, and ``GET <prefix>/`` saying who it
is. Standard library only (http.server), made robust for the open Internet: one thread per
connection up to a cap (then 503), keep-alive, a bound on the body (413), and a socket timeout
so a slow or silent client is dropped instead of holding a thread."""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from nigraan.witness.protocol import TEXT, Answer, Witness

MAX_BODY_BYTES = 64 * 1024  # 63 proof lines and a checkpoint with many signatures fit easily
REQUEST_TIMEOUT_SECONDS = 30
MAX_CONNECTIONS = 64
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
    b"Connection: close\r\n\r\n"
)

log = logging.getLogger("nigraan.witness")


class WitnessServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], witness: Witness, prefix: str) -> None:
        self.witness = witness
        self.prefix = prefix.rstrip("/")
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, WitnessHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class WitnessHandler(BaseHTTPRequestHandler):
    server: WitnessServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the spec asks logs to use
    server_version = "nigraan-witness"
    sys_version = ""
    timeout = REQUEST_TIMEOUT_SECONDS

    def do_POST(self) -> None:
        if self.path != self.server.prefix + "/add-checkpoint":
            self._send(Answer(404, b"not found: POST to /add-checkpoint\n"))
            return
        body = self._body()
        if body is None:
            return
        try:
            answer = self.server.witness.add_checkpoint(body)
        except Exception:
            log.exception("add-checkpoint failed")
            answer = Answer(500, b"the witness could not process the request\n")
        self._send(answer)

    def do_GET(self) -> None:
        if self.path not in (self.server.prefix + "/", self.server.prefix or "/"):
            self._send(Answer(404, b"not found\n"))
            return
        witness = self.server.witness
        origins = "".join(f"log {origin}\n" for origin in sorted(witness.config().logs))
        text = (
            f"nigraan witness {witness.name}\n"
            f"verifier key {witness.data.verifier_key(witness.name)}\n{origins}"
        )
        self._send(Answer(200, text.encode()))

    def _body(self) -> bytes | None:
        """The request body, or None after answering 411/413/400 and closing."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send(Answer(411, b"send a Content-Length\n"), close=True)
            return None
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self._send(Answer(411, b"send a Content-Length\n"), close=True)
            return None
        if not length_text.isdigit():
            self._send(Answer(400, b"bad Content-Length\n"), close=True)
            return None
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self._send(Answer(413, b"the request body is too large\n"), close=True)
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            self.close_connection = True
            return None
        return body

    def _send(self, answer: Answer, *, close: bool = False) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type or TEXT)
        self.send_header("Content-Length", str(len(answer.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def serve(witness: Witness, host: str, port: int, prefix: str = "") -> None:
    """Serve until SIGTERM or SIGINT. Prints ``Witnessing on http://HOST:PORT/`` once bound
    (port 0: the kernel chooses, and this line says which)."""
    server = WitnessServer((host, port), witness, prefix)
    bound_host, bound_port = server.socket.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    sys.stdout.write(f"Witnessing on http://{shown}:{bound_port}{server.prefix}/\n")
    sys.stdout.flush()

    def stop(*_: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()
