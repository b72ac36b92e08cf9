"""What every SMS gateway module provides, in both directions.

One module per gateway (``twilio``, ``rapidpro``, ``generic_json``, ``simulated``) holds
everything that gateway needs: its outbound sender now, and (phase 2 of issue 11) the parsing
and authentication of what it posts to ``/api/v1/sms/inbound`` and the answer format it expects.
The intake endpoint will ask the configured gateway module, so adding a gateway is adding one
module and one line in ``GATEWAYS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse


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

    ``message_id`` is the gateway's id for the message when it has one (Twilio's MessageSid);
    deduplication uses it first, and only without it the sender, text and date."""

    sender: str
    text: str
    message_id: str = ""
    sent_at: dt.datetime | None = None


class InboundRefused(Exception):
    """The request is not a message from the configured gateway (``status`` 403), or is not a
    message at all (400). The message is safe to show to the gateway: it names no person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@runtime_checkable
class InboundGateway(Protocol):
    """The inbound half, added beside each sender in phase 2 (issue 11):

    - ``authenticate(request)`` raises ``InboundRefused(status=403)`` unless the request comes
      from the gateway (Twilio: ``X-Twilio-Signature`` over the URL and parameters with the auth
      token; RapidPro/courier External and generic JSON: the shared token, as Bearer or Basic);
    - ``parse(request)`` returns the messages in it (``from``/``sender``, ``text``,
      ``date``/``time``; Twilio ``From``/``Body``/``MessageSid``), GET or POST as the gateway
      sends them, or raises ``InboundRefused``;
    - ``answer(replies)`` is the HTTP answer the gateway expects (TwiML for Twilio, with the
      replies in it or empty when they go through the outbox; JSON for the others).
    """

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
