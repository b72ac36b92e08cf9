"""Gateway-facing endpoint for inbound SMS. The configured gateway's module
(``notify.gateways``, ``NIGRAAN_SMS_GATEWAY``) authenticates the request, reads the messages in
it and shapes the answer: Twilio (signed, TwiML), RapidPro/courier External (GET or POST,
``from``/``sender``, ``text``, ``date``/``time``) or the generic JSON relay (the document's
``SmsInbound``). What a message means is decided by ``intake.sms`` alone. SMS intake is on when
``NIGRAAN_SMS_INBOUND_TOKEN`` is set."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router
from pydantic import BaseModel

from nigraan.api.document import request_body
from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.api.json_body import JSON
from nigraan.intake.sms import handle_inbound
from nigraan.notify.gateways import InboundGateway, InboundRefused, inbound_gateway
from nigraan.notify.gateways.generic_json import FORMS, SmsInbound

router = Router(tags=["SMS gateway"])

__all__ = ["SmsInbound", "router"]


class SmsAccepted(BaseModel):
    ok: Literal[True]


def _gateway(request: HttpRequest) -> InboundGateway:
    gateway = inbound_gateway() if settings.NIGRAAN_SMS_INBOUND_TOKEN else None
    if gateway is None:
        raise ApiRefusal(503, "SMS is not configured on this site (NIGRAAN_SMS_INBOUND_TOKEN)")
    if request.method not in gateway.inbound_methods:
        raise ApiRefusal(
            405,
            "this method is not allowed here",
            headers={"Allow": ", ".join(gateway.inbound_methods)},
        )
    return gateway


def receive(request: HttpRequest) -> HttpResponse:
    """Authenticate, parse, hand each message to the conversation, answer as the gateway wants."""
    gateway = _gateway(request)
    try:
        gateway.authenticate(request)
        messages = gateway.parse(request)
    except InboundRefused as refused:
        raise ApiRefusal(refused.status, str(refused), fields=refused.fields) from None
    for message in messages:
        try:
            handle_inbound(
                message.sender,
                message.text,
                message.message_id,
                opted_out=message.opted_out,
                gateway_answered=message.gateway_answered,
            )
        except ValueError as exc:
            raise ApiRefusal(400, str(exc)) from None
    return gateway.answer([])


@router.post(
    "/sms/inbound",
    response={200: SmsAccepted, **errors_for(400, 403, 405, 413, 415, 503)},
    summary="Receive one inbound SMS from the gateway",
    description="Advances the sender's conversation by one message; replies go out through "
    "the outbox. A retried webhook (the same message id or date, or without either the same "
    "text again within NIGRAAN_SMS_REPEAT_SECONDS) is answered once. The body documented here "
    "is the generic JSON relay's; with NIGRAAN_SMS_GATEWAY=twilio or rapidpro the gateway's own "
    "format is read instead (docs/intake.md). Without NIGRAAN_SMS_INBOUND_TOKEN on the site the "
    "endpoint answers 503.",
    openapi_extra={
        **request_body("SmsInbound", JSON, *FORMS),
        "security": [{"GatewayToken": []}, {"GatewayTokenQuery": []}],
    },
)
def inbound(request: HttpRequest) -> HttpResponse:
    return receive(request)


@router.api_operation(["GET", "POST"], "/sms/receive", include_in_schema=False)
def inbound_get(request: HttpRequest) -> HttpResponse:
    """The same, also by GET, for gateways that deliver that way (courier External, Twilio set
    to GET); a gateway that only posts answers GET with 405. Kept apart from the documented
    POST-only ``/sms/inbound`` (a GET puts the number and the text in the URL, which proxies
    log: use it only when the gateway cannot POST)."""
    return receive(request)
