"""What every SMS gateway module provides, in both directions.

One module per gateway (``twilio``, ``rapidpro``, ``generic_json``, ``simulated``) holds
everything that gateway needs: its outbound sender, and the authentication and parsing of what it
sends to ``/api/v1/sms/inbound`` with the answer format it expects. The intake endpoint asks the
configured gateway module, so adding a gateway is adding one module and one line in
``GATEWAYS``. What a message *means* is decided in one place only: ``intake.sms``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse


class GatewayError(Exception):
    """The gateway did not confirm delivery: the outbox will retry (with the same key)."""


class OutboundGateway(Protocol):
    """Sends one SMS. Must raise ``GatewayError`` unless the gateway confirmed it accepted the
    message. Gateways that honour an idempotency key send at most once per key; the others are
    at least once (each module's docstring says which)."""

    name: str

    def send(self, *, to: str, text: str, idempotency_key: str) -> None: ...


@dataclass(frozen=True)
class InboundSms:
    """One message a gateway delivered to Nigraan, in the gateway's own field names parsed away.

    ``message_id`` is the gateway's id for the message when it has one (Twilio's MessageSid),
    else the date it gives; deduplication uses it (``intake.sms``). ``opted_out`` says the
    gateway itself took the message as an opt-out (Twilio's STOP): no reply can reach the
    sender, so none is sent. ``gateway_answered`` says the gateway itself already replied to it
    (Twilio's HELP): Nigraan records it and sends nothing, so the sender gets one answer."""

    sender: str
    text: str
    message_id: str = ""
    sent_at: dt.datetime | None = None
    opted_out: bool = False
    gateway_answered: bool = False


class InboundRefused(Exception):
    """The request is not a message from the configured gateway (``status`` 403), or is not a
    message at all (400). The message is safe to show to the gateway: it names no person."""

    def __init__(
        self, message: str, status: int = 400, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.fields = status, fields


@runtime_checkable
class InboundGateway(Protocol):
    """The inbound half, beside each sender:

    - ``authenticate(request)`` raises ``InboundRefused(status=403)`` unless the request comes
      from the gateway (Twilio: ``X-Twilio-Signature`` over the URL and parameters with the auth
      token; RapidPro/courier External and generic JSON: the shared token, as Bearer or Basic);
    - ``parse(request)`` returns the messages in it (``from``/``sender``, ``text``,
      ``date``/``time``; Twilio ``From``/``Body``/``MessageSid``), GET or POST as the gateway
      sends them, or raises ``InboundRefused``;
    - ``answer(replies)`` is the HTTP answer the gateway expects (TwiML for Twilio, with the
      replies in it or empty when they go through the outbox; JSON for the others).
    """

    #: The HTTP methods this gateway delivers messages with.
    inbound_methods: tuple[str, ...]

    def authenticate(self, request: HttpRequest) -> None: ...

    def parse(self, request: HttpRequest) -> list[InboundSms]: ...

    def answer(self, replies: list[str]) -> HttpResponse: ...


def required(options: Mapping[str, str], *names: str, gateway: str) -> list[str]:
    """The values of ``names`` in the settings, or a start-up refusal naming the missing ones."""
    missing = [name for name in names if not options.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"NIGRAAN_SMS_GATEWAY={gateway} needs {', '.join(missing)} (docs/intake.md)"
        )
    return [options[name].strip() for name in names]


def wire_key(idempotency_key: str) -> str:
    """The idempotency key as a gateway sees it: stable across retries of one message, and
    revealing nothing (outbox keys can name a case reference)."""
    return hashlib.sha256(f"nigraan-sms|{idempotency_key}".encode()).hexdigest()[:40]


MAX_FIELD = 4000  # characters kept of any one inbound field (an SMS is at most ~1,600)


def inbound_token() -> str:
    """The shared token that gateways other than Twilio prove themselves with
    (``NIGRAAN_SMS_INBOUND_TOKEN``; it also switches SMS intake on)."""
    return str(getattr(settings, "NIGRAAN_SMS_INBOUND_TOKEN", ""))


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def basic_password(request: HttpRequest) -> str | None:
    """The password of an ``Authorization: Basic`` header (a ``https://user:pass@host/`` URL
    configured in the gateway), or None without one."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


def check_token(request: HttpRequest) -> None:
    """The shared token, as ``Authorization: Bearer …``, as the password of HTTP Basic auth, or
    (for gateways that can only be given a URL) ``?token=…``; else 403."""
    expected = inbound_token()
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    given = [request.GET.get("token", "")]
    if scheme.lower() == "bearer":
        given.append(value.strip())
    password = basic_password(request)
    if password is not None:
        given.append(password)
    if not any(_same(candidate, expected) for candidate in given):
        raise InboundRefused("unknown gateway", status=403)


def field(values: Mapping[str, str], *names: str) -> str:
    """The first of ``names`` present in the request's fields (courier's rule: the first name
    given wins, even when empty), cut to a safe length."""
    for name in names:
        if name in values:
            value = values[name]
            return (value if isinstance(value, str) else "")[:MAX_FIELD]
    return ""


def form_fields(request: HttpRequest) -> dict[str, str]:
    """The query string and, for a form POST, the form body, as one dict (the body wins)."""
    values = {key: request.GET.get(key, "") for key in request.GET}
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        values.update({key: request.POST.get(key, "") for key in request.POST})
    return values


def json_accepted() -> HttpResponse:
    return JsonResponse({"ok": True})
