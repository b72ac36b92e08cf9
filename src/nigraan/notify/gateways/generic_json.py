"""The generic JSON gateway: for a partner's own SMS relay, both directions.

Outbound: POSTs ``{"to", "text"}`` as JSON to ``NIGRAAN_SMS_GATEWAY_URL`` with
``Authorization: Bearer NIGRAAN_SMS_GATEWAY_TOKEN`` and an ``Idempotency-Key`` header that is the
same on every retry of one message; a relay that honours it sends each message exactly once.
Any 2xx answer counts as accepted.

Inbound: the relay POSTs ``{"from", "text", "id", "date"}`` (JSON or a form; ``id`` or ``date``
optional, used to recognise a retry) to ``/api/v1/sms/inbound`` with ``NIGRAAN_SMS_INBOUND_TOKEN``
(Bearer, Basic or ``?token=``). Twilio's field names (``From``, ``Body``, ``MessageSid``) are
understood too, for relays that copy them. The answer is ``{"ok": true}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Self

from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nigraan.api.json_body import JSON, parse_json, read_body
from nigraan.notify.gateways import http
from nigraan.notify.gateways.base import (
    InboundRefused,
    InboundSms,
    check_token,
    form_fields,
    json_accepted,
    required,
    wire_key,
)

MAX_BODY = 64 * 1024
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
SENDER = "[0-9+]"  # a sender must hold a digit (or +) to be a number at all


def _sender_schema(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"required": ["from"], "properties": {"from": {"pattern": SENDER}}},
        {
            "required": ["From"],
            "properties": {"From": {"pattern": SENDER}, "from": {"maxLength": 0}},
        },
    ]


class SmsInbound(BaseModel):
    """One inbound message as a relay posts it. Other fields it sends are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_sender_schema)

    sender: str = Field(default="", alias="from", description="The sender's number.")
    sender_twilio: str = Field(default="", alias="From", description="The sender (Twilio names).")
    text: str | None = Field(default=None, description="The message.")
    body: str = Field(default="", alias="Body", description="The message (Twilio names).")
    id: str = Field(default="", max_length=200, description="The relay's id for the message.")
    date: str = Field(default="", max_length=200, description="When it was sent.")
    message_sid: str = Field(
        default="", alias="MessageSid", max_length=200, description="Twilio's message id."
    )

    @model_validator(mode="after")
    def _has_sender(self) -> Self:
        if not re.search(SENDER, self.sender or self.sender_twilio):
            raise ValueError("need a sender number ('from' or 'From')")
        return self

    def inbound(self) -> InboundSms:
        return InboundSms(
            sender=self.sender or self.sender_twilio,
            text=self.text if self.text is not None else self.body,
            message_id=self.id or self.message_sid or self.date,
        )


class GenericInbound:
    """The inbound half shared by the generic JSON gateway and the simulated one."""

    inbound_methods: tuple[str, ...] = ("POST",)

    def authenticate(self, request: HttpRequest) -> None:
        check_token(request)

    def parse(self, request: HttpRequest) -> list[InboundSms]:
        if request.content_type == JSON:
            data: Any = parse_json(read_body(request, MAX_BODY))
        elif request.content_type in FORMS:
            data = form_fields(request)
        else:
            raise InboundRefused("send the message as JSON or as a form", status=415)
        try:
            return [SmsInbound.model_validate(data).inbound()]
        except ValidationError as exc:
            fields = {str(e["loc"][0]) if e["loc"] else "body": e["msg"] for e in exc.errors()}
            raise InboundRefused(
                "need a sender ('from' or 'From') and a text ('text' or 'Body')", fields=fields
            ) from None

    def answer(self, replies: list[str]) -> HttpResponse:
        return json_accepted()


class JsonGateway(GenericInbound):
    name = "json"

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    @classmethod
    def from_settings(cls, options: Mapping[str, str]) -> JsonGateway:
        url, token = required(
            options, "NIGRAAN_SMS_GATEWAY_URL", "NIGRAAN_SMS_GATEWAY_TOKEN", gateway="json"
        )
        return cls(url, token)

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        http.call(
            "POST",
            self.url,
            body=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": wire_key(idempotency_key),
            },
            timeout=self.timeout,
            gateway=self.name,
        )
