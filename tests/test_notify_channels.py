"""The outbox's email and webhook channels against a real SMTP server and a real local HTTP
receiver; retries with the same idempotency key; dead letters for administrators."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from nigraan.notify.models import OutboxMessage
from nigraan.notify.outbox import MAX_ATTEMPTS, deliver_due, enqueue_email, enqueue_webhook
from nigraan.testing.processes import bound_socket, unused_address

pytestmark = pytest.mark.django_db
SECRET = "test-webhook-secret"


class _BoundController(Controller):
    """aiosmtpd's controller on a socket the test bound itself (port 0, kept open), so no
    other process can take the port between choosing it and listening on it."""

    def __init__(self, handler: object, sock: socket.socket) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1])
        self._sock = sock

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    controller = _BoundController(inbox, bound_socket())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


class _Receiver(BaseHTTPRequestHandler):
    seen: dict[str, bytes] = {}
    fail_first = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = (
            "sha256="
            + hmac.new(
                SECRET.encode(),
                self.headers["X-Nigraan-Timestamp"].encode() + b"." + body,
                hashlib.sha256,
            ).hexdigest()
        )
        if not hmac.compare_digest(expected, self.headers["X-Nigraan-Signature"]):
            self.send_response(401)
        elif type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
        else:
            type(self).seen.setdefault(
                self.headers["Idempotency-Key"], body
            )  # a receiver dedups by key
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def receiver(settings):
    settings.NIGRAAN_WEBHOOK_SECRET = SECRET
    _Receiver.seen, _Receiver.fail_first = {}, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)  # the port the kernel picks
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver
    server.shutdown()


def test_email_goes_through_a_real_smtp_server_once(smtp, fixed_clock):
    with transaction.atomic():
        enqueue_email(
            to="oversight@example.org",
            subject="Deadline missed (synthetic)",
            text="Case NGR-TEST0001",
            key="mail-1",
        )
    assert deliver_due() == {"sent": 1, "retry": 0, "dead": 0}
    assert len(smtp.messages) == 1 and b"Deadline missed (synthetic)" in smtp.messages[0]
    assert deliver_due() == {"sent": 0, "retry": 0, "dead": 0}
    assert bytes(OutboxMessage.objects.get().sealed_body) == b""


def test_a_signed_webhook_is_retried_until_it_lands_and_received_once(receiver, fixed_clock):
    url, handler = receiver
    handler.fail_first = 2
    with transaction.atomic():
        enqueue_webhook(
            url=url, payload={"event": "custody_changed", "case": "NGR-TEST0002"}, key="hook-1"
        )
    assert deliver_due()["retry"] == 1
    fixed_clock.advance(seconds=31)
    assert deliver_due()["retry"] == 1
    fixed_clock.advance(seconds=61)
    assert deliver_due()["sent"] == 1
    assert (
        list(handler.seen) == ["hook-1"]
        and json.loads(handler.seen["hook-1"])["case"] == "NGR-TEST0002"
    )


def test_an_unreachable_receiver_ends_in_the_dead_letters_shown_to_administrators(
    client, fixed_clock, settings, make_staff
):
    settings.NIGRAAN_WEBHOOK_SECRET = SECRET
    nobody, address = unused_address()  # bound, never listening: connections are refused
    with transaction.atomic():
        enqueue_webhook(url=f"http://{address}/nobody", payload={"x": 1}, key="hook-dead")
    with nobody:
        for _ in range(MAX_ATTEMPTS):
            deliver_due()
            fixed_clock.advance(hours=2)
    message = OutboxMessage.objects.get()
    assert (
        message.status == "dead"
        and message.attempts == MAX_ATTEMPTS
        and "unreachable" in message.last_error
    )
    client.force_login(make_staff("admin", "administrator", country=True))
    page = client.get("/en/staff/outbox/dead/").content.decode()
    assert "unreachable" in page and "/nobody" not in page  # recipients stay sealed
    other = type(client)()
    other.force_login(make_staff("cw.kasur", "case_worker", district="PK614"))
    assert other.get("/en/staff/outbox/dead/").status_code == 403
