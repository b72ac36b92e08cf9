"""Inbound SMS through each real gateway's format, end to end: Twilio (requests signed with
Twilio's own validator, TwiML answers, replies through the Messages API to a local server that
checks Twilio's form fields and Basic auth) and RapidPro/courier External (both field-name sets,
GET and POST); a repeated message is answered once and never a 500."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlencode
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from gateway_server import GatewayServer, gateway_server
from nigraan.alerts.models import Subscriber
from nigraan.alerts.subscribers import subscribe
from nigraan.cases.models import Case
from nigraan.intake.submit import case_for_code
from nigraan.notify.outbox import deliver_due

pytestmark = pytest.mark.django_db
SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "synthetic-twilio-auth-token"
INBOUND_TOKEN = "synthetic-inbound-token"
URL = "http://testserver/api/v1/sms/inbound"
GET_URL = "http://testserver/api/v1/sms/receive"  # GET and POST (courier External, Twilio GET)
WORDS = ["hello", "3", "A man follows a girl home every day (synthetic)", "Kasur", "1", "2", "yes"]


@pytest.fixture
def twilio(settings):
    with gateway_server() as server:
        settings.NIGRAAN_SMS_INBOUND_TOKEN = INBOUND_TOKEN
        settings.NIGRAAN_SMS_GATEWAY = "twilio"
        settings.NIGRAAN_SMS_OPTIONS = {
            "NIGRAAN_TWILIO_ACCOUNT_SID": SID,
            "NIGRAAN_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "NIGRAAN_TWILIO_FROM": "+15005550006",
            "NIGRAAN_TWILIO_API_URL": server.url,
        }
        yield server


@pytest.fixture
def courier(settings):
    with gateway_server() as server:
        settings.NIGRAAN_SMS_INBOUND_TOKEN = INBOUND_TOKEN
        settings.NIGRAAN_SMS_GATEWAY = "rapidpro"
        settings.NIGRAAN_SMS_OPTIONS = {
            "NIGRAAN_SMS_SEND_URL": f"{server.url}/send",
            "NIGRAAN_SMS_FROM": "+923001110000",
        }
        yield server


def _twilio_params(phone: str, text: str, n: int) -> dict[str, str]:
    return {
        "MessageSid": f"SM{n:032d}",
        "AccountSid": SID,
        "From": phone,
        "To": "+15005550006",
        "Body": text,
        "NumMedia": "0",
    }


def _signed_post(client, params, *, token=AUTH_TOKEN, url=URL, **headers):
    signature = RequestValidator(token).compute_signature(url, params)
    return client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature, **headers)


def _replies(server: GatewayServer, phone: str) -> list[str]:
    """What reached the phone through the gateway, checking every request's format."""
    replies = []
    basic = "Basic " + base64.b64encode(f"{SID}:{AUTH_TOKEN}".encode()).decode()
    for request in server.received:
        form = parse_qs(request.body.decode(), strict_parsing=True)
        if request.path.endswith("/Messages.json"):
            assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
            assert request.headers["authorization"] == basic
            assert request.headers["content-type"] == "application/x-www-form-urlencoded"
            assert set(form) == {"To", "From", "Body"} and form["From"] == ["+15005550006"]
            if form["To"] == [phone]:
                replies.append(form["Body"][0])
        elif form["to"] == [phone]:
            replies.append(form["text"][0])
    return replies


def _receipt(reply: str) -> str:
    return reply.split("Receipt code: ")[1].split(".")[0]


def test_a_signed_twilio_conversation_reaches_a_case_with_twiml_answers(
    client, geography, fixed_clock, twilio
):
    phone = "+923000000201"
    for n, text in enumerate(WORDS):
        response = _signed_post(client, _twilio_params(phone, text, n))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/xml")
        twiml = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
        assert twiml.tag == "Response" and len(twiml) == 0
        assert deliver_due()["sent"] == 1
    replies = _replies(twilio, phone)
    assert len(replies) == len(WORDS) and "EXIT" in replies[0] and "STOP" not in replies[0]
    case = case_for_code(_receipt(replies[-1]))
    assert case is not None and case.channel == "sms" and case.district_id == "PK614"
    assert case.report["reporter"] == "parent" and case.report["police"] == "no"


def test_a_wrong_or_missing_twilio_signature_is_refused(client, geography, twilio):
    params = _twilio_params("+923000000202", "hello", 1)
    assert _signed_post(client, params, token="not-the-auth-token").status_code == 403
    assert client.post(URL, params).status_code == 403
    tampered = RequestValidator(AUTH_TOKEN).compute_signature(URL, params)
    changed = {**params, "Body": "something else"}
    assert client.post(URL, changed, HTTP_X_TWILIO_SIGNATURE=tampered).status_code == 403
    for_another_url = RequestValidator(AUTH_TOKEN).compute_signature("http://x.test/", params)
    assert client.post(URL, params, HTTP_X_TWILIO_SIGNATURE=for_another_url).status_code == 403
    assert Case.objects.count() == 0 and deliver_due()["sent"] == 0


def test_twilio_basic_auth_in_the_webhook_url_is_accepted(client, geography, twilio):
    params = _twilio_params("+923000000203", "hello", 1)
    basic = "Basic " + base64.b64encode(f"nigraan:{INBOUND_TOKEN}".encode()).decode()
    assert _signed_post(client, params, HTTP_AUTHORIZATION=basic).status_code == 200
    wrong = "Basic " + base64.b64encode(b"nigraan:wrong").decode()
    params = _twilio_params("+923000000203", "hello", 2)
    assert _signed_post(client, params, HTTP_AUTHORIZATION=wrong).status_code == 403


def test_twilio_get_webhooks_are_signed_over_the_url(client, geography, twilio):
    query = urlencode(_twilio_params("+923000000204", "hello", 1))
    url = f"{GET_URL}?{query}"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, {})
    assert client.get(url, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 200
    assert client.get(url, HTTP_X_TWILIO_SIGNATURE="AAAA").status_code == 403


def test_twilio_signature_checked_against_the_public_origin_behind_a_proxy(
    client, geography, settings, twilio
):
    settings.NIGRAAN_SMS_OPTIONS = {
        **settings.NIGRAAN_SMS_OPTIONS,
        "NIGRAAN_TWILIO_PUBLIC_ORIGIN": "https://report.example.org",
    }
    params = _twilio_params("+923000000205", "hello", 1)
    public = "https://report.example.org/api/v1/sms/inbound"
    signed_public = RequestValidator(AUTH_TOKEN).compute_signature(public, params)
    assert client.post(URL, params, HTTP_X_TWILIO_SIGNATURE=signed_public).status_code == 200
    params = _twilio_params("+923000000205", "hello", 2)
    assert _signed_post(client, params).status_code == 403


def test_a_twilio_retry_with_the_same_message_sid_is_answered_once(
    client, geography, fixed_clock, twilio
):
    params = _twilio_params("+923000000206", "hello", 1)
    for _ in range(3):
        assert _signed_post(client, params).status_code == 200
    deliver_due()
    assert len(_replies(twilio, "+923000000206")) == 1


def test_twilio_stop_is_left_to_twilio_and_ends_the_conversation_silently(
    client, geography, fixed_clock, twilio
):
    phone = "+923000000207"
    subscribe(phone, language="en", opted_in_by="sms", district_code="PK614")
    for n, text in enumerate(["hello", "1", "STOP"]):
        assert _signed_post(client, _twilio_params(phone, text, n)).status_code == 200
        deliver_due()
    assert len(_replies(twilio, phone)) == 2  # no answer to STOP: Twilio blocks it anyway
    assert not Subscriber.objects.exists()  # nor any more alerts: nothing could reach it
    fixed_clock.advance(seconds=120)
    _signed_post(client, _twilio_params(phone, "hello again", 9))
    deliver_due()
    assert "What happened?" in _replies(twilio, phone)[-1]  # a fresh start, nothing kept


@pytest.mark.parametrize(
    ("method", "names"),
    [
        ("POST", ("from", "text", "date")),
        ("POST", ("sender", "text", "time")),
        ("GET", ("from", "text", "date")),
        ("GET", ("sender", "text", "time")),
    ],
)
def test_a_courier_external_conversation_with_each_field_name_set(
    client, geography, fixed_clock, courier, method, names
):
    sender, text_name, date_name = names
    phone = "+923000000210"
    for n, text in enumerate(WORDS):
        fields = {sender: phone, text_name: text, date_name: f"2026-01-15T09:00:{n:02d}Z"}
        if method == "GET":
            response = client.get(GET_URL, {**fields, "token": INBOUND_TOKEN})
        else:
            response = client.post(URL, fields, HTTP_AUTHORIZATION=f"Bearer {INBOUND_TOKEN}")
        assert response.status_code == 200 and response.json() == {"ok": True}
        deliver_due()
    replies = _replies(courier, phone)
    assert len(replies) == len(WORDS)
    case = case_for_code(_receipt(replies[-1]))
    assert case is not None and case.category == "harassment" and case.district_id == "PK614"


def test_courier_external_refuses_a_wrong_token_and_a_missing_sender(client, geography, courier):
    assert client.post(f"{URL}?token=wrong", {"from": "+92300", "text": "hi"}).status_code == 403
    response = client.post(f"{URL}?token={INBOUND_TOKEN}", {"text": "hi"})
    assert response.status_code == 400 and "sender" in response.json()["error"]


def test_a_message_repeated_without_a_date_is_answered_once_and_never_500(
    client, geography, fixed_clock, courier
):
    phone = "+923000000211"
    for text in ["hello", "1"]:
        fixed_clock.advance(seconds=120)
        for _ in range(3):  # the aggregator retries: no date, no id
            response = client.post(f"{URL}?token={INBOUND_TOKEN}", {"from": phone, "text": text})
            assert response.status_code == 200
        deliver_due()
    replies = _replies(courier, phone)
    assert len(replies) == 2 and "In a few words" in replies[-1]


def test_the_same_text_sent_again_later_is_a_new_message(client, geography, fixed_clock, courier):
    phone = "+923000000212"
    # category 5, then police "1" and reporter "1": the same text, minutes apart, is new each time
    for text in ["hello", "5", "Someone blackmails my son online (synthetic)", "0", "1", "1"]:
        fixed_clock.advance(seconds=90)
        response = client.post(f"{URL}?token={INBOUND_TOKEN}", {"from": phone, "text": text})
        assert response.status_code == 200
        deliver_due()
    assert "Reply YES to send it" in _replies(courier, phone)[-1]


def test_get_is_refused_with_405_by_a_gateway_that_only_posts(client, settings):
    settings.NIGRAAN_SMS_INBOUND_TOKEN = INBOUND_TOKEN
    query = {"from": "+923000000213", "text": "hi", "token": INBOUND_TOKEN}
    response = client.get(GET_URL, query)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert client.get(URL, query).status_code == 405  # the documented endpoint only takes POST


def test_inbound_records_are_keyed_hashes_and_forgotten_after_two_days(
    client, geography, fixed_clock, courier
):
    from nigraan.intake.models import SmsInbound

    phone = "+923000000214"
    client.post(f"{URL}?token={INBOUND_TOKEN}", {"from": phone, "text": "hello", "date": "d1"})
    row = SmsInbound.objects.get()
    stored = f"{row.digest}{row.sender}{row.repeat}"
    assert phone[1:] not in stored and "hello" not in stored
    fixed_clock.advance(days=3)
    client.post(f"{URL}?token={INBOUND_TOKEN}", {"from": "+923000000215", "text": "hi"})
    assert SmsInbound.objects.count() == 1 and SmsInbound.objects.get().id != row.id


@pytest.mark.django_db(transaction=True)  # each thread commits on its own connection
def test_the_same_message_delivered_twice_at_once_is_answered_once(geography, settings):
    import threading

    from django.db import connection

    from nigraan.intake.sms import handle_inbound
    from nigraan.notify.models import OutboxMessage

    settings.NIGRAAN_SMS_GATEWAY = "simulated"
    start, errors = threading.Barrier(4), []

    def deliver() -> None:
        try:
            start.wait()
            handle_inbound("+923000000216", "hello", "SM-same-message")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and OutboxMessage.objects.count() == 1


def test_non_ascii_signatures_and_passwords_are_refused_not_errors(client, geography, twilio):
    params = _twilio_params("+923000000217", "hello", 1)
    assert client.post(URL, params, HTTP_X_TWILIO_SIGNATURE="ßig").status_code == 403
    basic = "Basic " + base64.b64encode("nigraan:пароль".encode()).decode()
    assert _signed_post(client, params, HTTP_AUTHORIZATION=basic).status_code == 403


@pytest.mark.parametrize(
    ("text", "extra"),
    [("HELP", {}), ("info", {}), ("madad", {"OptOutType": "HELP"})],  # a help word the site added
)
def test_twilio_help_is_answered_once_by_twilio_not_twice(
    client, geography, fixed_clock, twilio, text, extra
):
    """Twilio answers its help keywords itself; Nigraan answered them too (a double reply)."""
    phone = "+923000000209"
    asked = _signed_post(client, {**_twilio_params(phone, text, 1), **extra})
    assert asked.status_code == 200 and len(ElementTree.fromstring(asked.content)) == 0  # noqa: S314
    deliver_due()
    assert _replies(twilio, phone) == []  # Twilio's own help reply is the only one
    # Mid-conversation too: the conversation is left where it was.
    for n, word in enumerate(["hello", text, "3"], start=2):
        _signed_post(client, {**_twilio_params(phone, word, n), **(extra if word == text else {})})
        deliver_due()
    replies = _replies(twilio, phone)
    assert len(replies) == 2 and "What happened?" in replies[0]
    assert replies[1].startswith("In a few words")  # "3" answered the first question
