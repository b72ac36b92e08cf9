"""Outbound SMS through each gateway module, against a local HTTP server that checks the exact
fields and credentials; Twilio's format is compared with what Twilio's own library sends."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from twilio.rest import Client

from gateway_server import gateway_server
from nigraan.notify import gateways
from nigraan.notify.gateways import (
    ExternalGateway,
    GatewayError,
    InboundGateway,
    JsonGateway,
    TwilioGateway,
)
from nigraan.notify.gateways.base import wire_key
from nigraan.notify.models import OutboxMessage, OutboxStatus
from nigraan.notify.outbox import deliver_due, enqueue_sms

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "synthetic-auth-token"
TO = "+923000000101"
TEXT = "Your receipt: 1234 5678 9012 3456 7890 · رسید"


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode(), keep_blank_values=True, strict_parsing=True)


def test_twilio_sends_what_twilios_own_library_sends():
    with gateway_server() as server:
        TwilioGateway(
            account_sid=SID, auth_token=TOKEN, sender="+15005550006", api_url=server.url
        ).send(to=TO, text=TEXT, idempotency_key="k1")
        official = Client(SID, TOKEN)
        official.api.base_url = server.url
        official.messages.create(to=TO, from_="+15005550006", body=TEXT)
    ours, theirs = server.received
    assert ours.method == theirs.method == "POST"
    assert ours.path == theirs.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert (
        _form(ours.body)
        == _form(theirs.body)
        == {
            "To": [TO],
            "From": ["+15005550006"],
            "Body": [TEXT],
        }
    )
    expected_auth = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert ours.headers["authorization"] == theirs.headers["authorization"] == expected_auth
    assert ours.headers["content-type"] == "application/x-www-form-urlencoded"


def test_twilio_can_send_through_a_messaging_service():
    with gateway_server() as server:
        TwilioGateway(
            account_sid=SID, auth_token=TOKEN, messaging_service_sid="MG1", api_url=server.url
        ).send(to=TO, text="hi", idempotency_key="k2")
    assert _form(server.received[0].body) == {
        "To": [TO],
        "Body": ["hi"],
        "MessagingServiceSid": ["MG1"],
    }


def test_a_twilio_refusal_is_a_gateway_error_with_its_code_but_not_the_number():
    with gateway_server() as server:
        server.answers.append((400, json.dumps({"code": 21211, "message": f"bad {TO}"}).encode()))
        gateway = TwilioGateway(account_sid=SID, auth_token=TOKEN, sender="+1", api_url=server.url)
        with pytest.raises(GatewayError) as refused:
            gateway.send(to=TO, text="hi", idempotency_key="k3")
    assert "21211" in str(refused.value) and TO not in str(refused.value)


def test_courier_external_default_body_is_form_encoded_with_its_variables():
    with gateway_server() as server:
        ExternalGateway(send_url=f"{server.url}/send", sender="+9233").send(
            to=TO, text=TEXT, idempotency_key="k4"
        )
    sent = server.received[0]
    assert sent.method == "POST" and sent.path == "/send"
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert _form(sent.body) == {
        "id": [wire_key("k4")],
        "text": [TEXT],
        "to": [TO],
        "to_no_plus": [TO[1:]],
        "from": ["+9233"],
        "from_no_plus": ["9233"],
    }


def test_courier_external_json_body_and_authorization_are_configurable():
    template = '{"msisdn": "{{to_no_plus}}", "message": {{text}}, "ref": "{{id}}"}'
    with gateway_server() as server:
        server.answers.append((200, b'{"status": "queued"}'))
        ExternalGateway(
            send_url=f"{server.url}/api/sms",
            content_type="json",
            body=template,
            authorization="Token synthetic",
            response_check="queued",
        ).send(to=TO, text='He said "2"\n', idempotency_key="k5")
        server.answers.append((200, b"not what we expect"))
        with pytest.raises(GatewayError, match="expected text"):
            ExternalGateway(send_url=f"{server.url}/api/sms", response_check="queued").send(
                to=TO, text="x", idempotency_key="k6"
            )
    sent = server.received[0]
    assert sent.headers["authorization"] == "Token synthetic"
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.body) == {
        "msisdn": TO[1:],
        "message": 'He said "2"\n',
        "ref": wire_key("k5"),
    }


def test_courier_external_get_puts_the_variables_in_the_url():
    with gateway_server() as server:
        ExternalGateway(
            send_url=f"{server.url}/send?to={{{{to}}}}&text={{{{text}}}}", method="GET"
        ).send(to=TO, text="a & b", idempotency_key="k7")
    sent = server.received[0]
    assert sent.method == "GET" and sent.body == b""
    assert parse_qs(sent.query) == {"to": [TO], "text": ["a & b"]}


def test_generic_json_gateway_posts_to_and_text_with_a_bearer_token():
    with gateway_server() as server:
        JsonGateway(f"{server.url}/relay", "relay-token").send(
            to=TO, text=TEXT, idempotency_key="k8"
        )
    sent = server.received[0]
    assert json.loads(sent.body) == {"to": TO, "text": TEXT}
    assert sent.headers["authorization"] == "Bearer relay-token"
    assert sent.headers["idempotency-key"] == wire_key("k8") != "k8"


@pytest.mark.django_db
def test_the_outbox_delivers_through_the_configured_gateway(settings, fixed_clock):
    with gateway_server() as server:
        settings.NIGRAAN_SMS_GATEWAY = "twilio"
        settings.NIGRAAN_SMS_OPTIONS = {
            "NIGRAAN_TWILIO_ACCOUNT_SID": SID,
            "NIGRAAN_TWILIO_AUTH_TOKEN": TOKEN,
            "NIGRAAN_TWILIO_FROM": "+15005550006",
            "NIGRAAN_TWILIO_API_URL": server.url,
        }
        with transaction.atomic():
            enqueue_sms(to=TO, text="hello", key="outbox-1")
        assert deliver_due() == {"sent": 1, "retry": 0, "dead": 0}
    assert _form(server.received[0].body)["Body"] == ["hello"]


@pytest.mark.django_db
def test_without_a_gateway_sms_waits_and_is_never_kept_in_plain_text(settings, fixed_clock):
    settings.NIGRAAN_SMS_GATEWAY = ""
    with transaction.atomic():
        enqueue_sms(to=TO, text="hello", key="outbox-2")
    assert deliver_due()["retry"] == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and "no SMS gateway" in message.last_error


@pytest.mark.parametrize(
    ("name", "options", "missing"),
    [
        ("twilio", {"NIGRAAN_TWILIO_ACCOUNT_SID": SID}, "NIGRAAN_TWILIO_AUTH_TOKEN"),
        (
            "twilio",
            {"NIGRAAN_TWILIO_ACCOUNT_SID": SID, "NIGRAAN_TWILIO_AUTH_TOKEN": TOKEN},
            "NIGRAAN_TWILIO_FROM",
        ),
        ("rapidpro", {}, "NIGRAAN_SMS_SEND_URL"),
        ("json", {"NIGRAAN_SMS_GATEWAY_URL": "http://x"}, "NIGRAAN_SMS_GATEWAY_TOKEN"),
    ],
)
def test_a_gateway_missing_its_variables_stops_the_site(settings, name, options, missing):
    settings.NIGRAAN_SMS_GATEWAY, settings.NIGRAAN_SMS_OPTIONS = name, options
    with pytest.raises(ImproperlyConfigured, match=missing):
        gateways.configured_gateway()


def test_every_gateway_module_has_its_inbound_half_beside_its_sender():
    assert set(gateways.GATEWAYS) == {"twilio", "rapidpro", "json", "simulated"}
    built = [
        TwilioGateway(account_sid=SID, auth_token=TOKEN, sender="+1"),
        ExternalGateway(send_url="http://x.test/send"),
        JsonGateway("http://x.test/relay", "t"),
        gateways.SimulatedGateway(),
    ]
    assert all(isinstance(gateway, InboundGateway) for gateway in built)
