"""Gateway-facing endpoint for inbound SMS: RapidPro/TextIt style (``from``, ``text``, ``date``)
or Twilio style (``From``, ``Body``, ``MessageSid``), as a form or JSON. The gateway proves
itself with the token in ``NIGRAAN_SMS_INBOUND_TOKEN`` (``Authorization: Bearer …`` or
``?token=…``)."""

from __future__ import annotations

import hmac
import re
from typing import Any, Literal, Self

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nigraan.api.document import request_body
from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.api.json_body import JSON, json_object
from nigraan.intake.sms import handle_inbound

MAX_BODY = 64 * 1024
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
SENDER = "[0-9+]"  # a sender must hold a digit (or +) to be a number at all
router = Router(tags=["SMS gateway"])


def _sender_schema(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"required": ["from"], "properties": {"from": {"pattern": SENDER}}},
        {
            "required": ["From"],
            "properties": {"From": {"pattern": SENDER}, "from": {"maxLength": 0}},
        },
    ]


class SmsInbound(BaseModel):
    """One inbound message as a gateway posts it. Other fields the gateway sends are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_sender_schema)

    sender: str = Field(default="", alias="from", description="The sender (RapidPro style).")
    sender_twilio: str = Field(default="", alias="From", description="The sender (Twilio).")
    text: str | None = Field(default=None, description="The message (RapidPro style).")
    body: str = Field(default="", alias="Body", description="The message (Twilio style).")
    date: str = Field(default="", description="When it was sent (RapidPro style).")
    message_sid: str = Field(default="", alias="MessageSid", description="Twilio's message id.")

    @model_validator(mode="after")
    def _has_sender(self) -> Self:
        if not re.search(SENDER, self.phone):
            raise ValueError("need a sender number ('from' or 'From')")
        return self

    @property
    def phone(self) -> str:
        return self.sender or self.sender_twilio

    @property
    def message(self) -> str:
        return self.text if self.text is not None else self.body


class SmsAccepted(BaseModel):
    ok: Literal[True]


def _authorised(request: HttpRequest, expected: str) -> bool:
    given = request.headers.get("Authorization", "").removeprefix(
        "Bearer "
    ).strip() or request.GET.get("token", "")
    return hmac.compare_digest(given.encode(), expected.encode())


def _inbound(request: HttpRequest) -> SmsInbound:
    if request.content_type == JSON:
        data: Any = json_object(request, MAX_BODY)[0]
    elif request.content_type in FORMS:
        data = request.POST.dict()
    else:
        raise ApiRefusal(415, "send the message as JSON or as a form")
    try:
        return SmsInbound.model_validate(data)
    except ValidationError as exc:
        fields = {str(e["loc"][0]) if e["loc"] else "body": e["msg"] for e in exc.errors()}
        raise ApiRefusal(
            400, "need a sender ('from' or 'From') and a text ('text' or 'Body')", fields=fields
        ) from None


@router.post(
    "/sms/inbound",
    response={200: SmsAccepted, **errors_for(400, 403, 405, 413, 415, 503)},
    summary="Receive one inbound SMS from the gateway",
    description="Advances the sender's conversation by one message; replies go out through "
    "the outbox. A retried webhook (same sender, text and date) is answered once. Without "
    "NIGRAAN_SMS_INBOUND_TOKEN on the site the endpoint answers 503.",
    openapi_extra={
        **request_body("SmsInbound", JSON, *FORMS),
        "security": [{"GatewayToken": []}, {"GatewayTokenQuery": []}],
    },
)
def inbound(request: HttpRequest) -> dict[str, bool]:
    expected = settings.NIGRAAN_SMS_INBOUND_TOKEN
    if not expected:
        raise ApiRefusal(503, "SMS is not configured on this site (NIGRAAN_SMS_INBOUND_TOKEN)")
    if not _authorised(request, expected):
        raise ApiRefusal(403, "unknown gateway")
    message = _inbound(request)
    try:
        handle_inbound(message.phone, message.message, message.date or message.message_sid)
    except ValueError as exc:
        raise ApiRefusal(400, str(exc)) from None
    return {"ok": True}
