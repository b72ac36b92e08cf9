"""Alert subscribers end to end (issue 14): an opt-in by SMS keyword in Urdu through the gateway
path → an alert issued inside the subscriber's circle → exactly one SMS to them and none to a
subscriber outside it → the all-clear; a webhook subscriber (a real HTTP server) gets each CAP
message signed with its own secret, and a repeated delivery is refused by the receiver's
idempotency check. Synthetic data: a fictional child in Kasur."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nigraan import clock
from nigraan.alerts import phones, workflow
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.models import Subscriber, WebhookSubscriber
from nigraan.alerts.webhooks import Receiver, add_webhook_subscriber, queue_alert_webhooks
from nigraan.cases import commands
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import OutboxMessage, OutboxStatus, SimulatedSms
from nigraan.notify.outbox import deliver_due
from personas import KASUR, Personas
from test_alerts_workflow import all_yes, draft_fields

TOKEN = "test-gateway-token"
INSIDE = "+923000000201"  # opts in for Kasur, in Urdu
OUTSIDE = "+923000000202"  # opts in for Korangi, Karachi
DESCRIPTION = draft_fields()["description_en"]


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    settings.NIGRAAN_SMS_INBOUND_TOKEN = TOKEN
    return personas.ensure("op", "cw", "sup")


class _Partner:
    """A partner's receiving end: a real HTTP server answering with ``Receiver``'s check."""

    def __init__(self) -> None:
        self.receiver = Receiver(secret="")
        self.accepted: list[bytes] = []
        self.statuses: list[int] = []
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = partner.receiver.accept(dict(self.headers.items()), body)
                partner.statuses.append(status)
                if status == 200:
                    partner.accepted.append(body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cap"


@pytest.fixture
def partner() -> Iterator[_Partner]:
    running = _Partner()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def _sms_in(client, phone: str, text: str, n: int) -> None:
    response = client.post(
        f"/api/v1/sms/inbound?token={TOKEN}",
        {"from": phone, "text": text, "date": f"2026-01-15T09:00:{n:02d}Z"},
    )
    assert response.status_code == 200


def _texts_to(phone: str) -> list[str]:
    return list(SimulatedSms.objects.filter(to=phone).order_by("id").values_list("text", flat=True))


def _alert_sms_to(phone: str) -> list[OutboxMessage]:
    """Alert SMS queued for ``phone`` (the row names the subscriber; its number stays sealed)."""
    rows = OutboxMessage.objects.filter(idempotency_key__startswith="cap:", channel="alert_sms")
    mine = phones.phone_lookup(phone)[:32]
    assert all(bytes(row.sealed_recipient) == b"" for row in rows)  # no number in the outbox
    return [row for row in rows if row.idempotency_key.endswith(":" + mine)]


def _open_case(people) -> str:
    return commands.open_case(
        people["op"],
        channel="helpline",
        category="missing_child",
        district_code=KASUR,
        protected={"narrative": "Synthetic account."},
    ).ref


def test_sms_opt_in_alert_one_sms_webhook_signed_cap_and_all_clear(client, people, partner):
    gateway = SimulatedGateway()
    _sms_in(client, INSIDE, "الرٹ قصور", 1)
    _sms_in(client, INSIDE, "الرٹ قصور", 1)  # the gateway retries: answered once
    _sms_in(client, OUTSIDE, "ALERT Korangi", 2)
    deliver_due(gateway)
    assert len(_texts_to(INSIDE)) == 1 and "قصور" in _texts_to(INSIDE)[0]
    assert "Korangi" in _texts_to(OUTSIDE)[0]
    inside = Subscriber.objects.get(phone_lookup=phones.phone_lookup(INSIDE))
    assert (inside.language, inside.district_id, inside.opted_in_by) == ("ur", KASUR, "sms")
    assert INSIDE.encode() not in bytes(inside.sealed_phone) and b"3000000201" not in bytes(
        inside.sealed_phone
    )
    assert Subscriber.objects.count() == 2

    _row, secret = add_webhook_subscriber("Example TV", partner.url, districts=[KASUR])
    partner.receiver.secret = secret
    add_webhook_subscriber("Karachi desk", partner.url + "/karachi", districts=["PK712"])

    ref = _open_case(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    row = workflow.approve_alert(people["sup"], ref, all_yes())
    assert len(_alert_sms_to(INSIDE)) == 1 and _alert_sms_to(OUTSIDE) == []
    webhooks = OutboxMessage.objects.filter(channel="signed_post")
    assert [w.idempotency_key for w in webhooks] == [f"capw:{row.cap_identifier}:{_row.pk}"]
    sealed = {
        "sealed_recipient": webhooks[0].sealed_recipient,
        "sealed_body": webhooks[0].sealed_body,
    }
    deliver_due(gateway)
    alert_text = _texts_to(INSIDE)[-1]
    assert len(_texts_to(INSIDE)) == 2 and "ثنا" in alert_text and "/alerts/" in alert_text
    assert len(_texts_to(OUTSIDE)) == 1  # only its opt-in confirmation
    assert partner.statuses == [200]
    validate_cap(partner.accepted[0])
    assert b"<msgType>Alert</msgType>" in partner.accepted[0]
    assert DESCRIPTION.encode() in partner.accepted[0]

    # Queued again (a fan-out run twice): nothing new. Delivered again (a worker that died
    # after the POST, before marking it sent): the receiver refuses the key, the outbox takes
    # the refusal as delivered.
    assert (
        queue_alert_webhooks(row.cap_identifier, bytes(row.cap_xml), [KASUR], exercise=False) == 0
    )
    OutboxMessage.objects.filter(channel="signed_post").update(
        status=OutboxStatus.PENDING, next_attempt_at=clock.now(), **sealed
    )
    deliver_due(gateway)
    assert partner.statuses == [200, 409] and len(partner.accepted) == 1
    assert OutboxMessage.objects.get(channel="signed_post").status == OutboxStatus.SENT

    row = workflow.alert_found(people["cw"], ref)
    deliver_due(gateway)
    assert len(_texts_to(INSIDE)) == 3 and len(_texts_to(OUTSIDE)) == 1
    assert partner.statuses == [200, 409, 200]
    all_clear = partner.accepted[1]
    validate_cap(all_clear)
    assert b"AllClear" in all_clear and b"<references>" in all_clear
    assert DESCRIPTION.encode() not in all_clear

    _sms_in(client, INSIDE, "الرٹ بند", 3)
    deliver_due(gateway)
    assert not Subscriber.objects.filter(phone_lookup=phones.phone_lookup(INSIDE)).exists()
    assert "نہیں ملیں گے" in _texts_to(INSIDE)[-1]


def test_a_forged_or_altered_delivery_is_refused_by_the_receiver():
    receiver = Receiver(secret="partner-secret")
    from nigraan.alerts.webhooks import signature

    body, key = b"<alert/>", "capw:NGR-A-2026-0001-1:1"
    headers = {
        "Idempotency-Key": key,
        "X-Nigraan-Signature": signature("partner-secret", key, body),
    }
    assert receiver.accept(headers, body + b" ") == 401
    assert receiver.accept({**headers, "Idempotency-Key": key + "0"}, body) == 401
    assert (
        receiver.accept({**headers, "X-Nigraan-Signature": signature("x", key, body)}, body) == 401
    )
    assert receiver.accept(headers, body) == 200
    assert receiver.accept(headers, body) == 409


@pytest.mark.parametrize(
    ("text", "language", "district"),
    [("ALERT Korangi", "en", "PK712"), ("alerts kasur", "en", KASUR), ("انتباہ قصور", "ur", KASUR)],
)
def test_keywords_in_english_and_urdu_name_a_district(client, people, text, language, district):
    _sms_in(client, INSIDE, text, 1)
    row = Subscriber.objects.get()
    assert (row.language, row.district_id, row.cell) == (language, district, None)


def test_an_unknown_district_or_a_bare_keyword_subscribes_nobody_and_says_how(client, people):
    _sms_in(client, INSIDE, "ALERT Atlantis", 1)
    _sms_in(client, INSIDE, "ALERT", 2)
    _sms_in(client, OUTSIDE, "ALERT STOP", 3)
    deliver_due(SimulatedGateway())
    assert not Subscriber.objects.exists()
    assert "could not find" in _texts_to(INSIDE)[0] and "e.g. ALERT Korangi" in _texts_to(INSIDE)[1]
    assert "not subscribed" in _texts_to(OUTSIDE)[0]


def test_web_form_opt_in_is_confirmed_from_the_phone_and_opt_out_is_at_once(client, people):
    for lang in ("en", "ur"):
        page = client.get(f"/{lang}/alerts/subscribe/")
        assert page.status_code == 200 and b"<script" not in page.content
    form = {"phone": "0300 0000201", "district": "Kasur", "action": "subscribe"}
    sent = client.post("/en/alerts/subscribe/", form)
    assert sent.status_code == 200 and b'id="subscribe-sent"' in sent.content
    client.post("/en/alerts/subscribe/", form)  # again the same day: no second SMS
    deliver_due(SimulatedGateway())
    assert not Subscriber.objects.exists()  # nothing is kept until the phone confirms
    (confirm,) = _texts_to(INSIDE)
    assert "reply: ALERT Kasur." in confirm
    _sms_in(client, INSIDE, "ALERT Kasur", 1)
    assert Subscriber.objects.get().district_id == KASUR

    urdu = client.post("/ur/alerts/subscribe/", {**form, "phone": OUTSIDE, "district": "قصور"})
    assert urdu.status_code == 200
    deliver_due(SimulatedGateway())
    assert "الرٹ قصور" in _texts_to(OUTSIDE)[0]

    bad = client.post("/en/alerts/subscribe/", {**form, "phone": "12"})
    assert bad.status_code == 400 and b'id="subscribe-error"' in bad.content
    unknown = client.post("/en/alerts/subscribe/", {**form, "district": "Atlantis"})
    assert unknown.status_code == 400

    off = client.post("/en/alerts/subscribe/", {**form, "action": "unsubscribe"})
    assert off.status_code == 200 and b'id="subscribe-off"' in off.content
    assert not Subscriber.objects.exists()
    deliver_due(SimulatedGateway())
    assert "no more missing-child alerts" in _texts_to(INSIDE)[-1]


def test_partners_are_registered_from_the_command_line_with_a_secret_shown_once(people):
    out = StringIO()
    call_command(
        "alerts",
        "webhook",
        "add",
        "Example TV",
        "https://tv.example/cap",
        "--district",
        KASUR,
        stdout=out,
    )
    secret = out.getvalue().splitlines()[-1]
    row = WebhookSubscriber.objects.get(name="Example TV")
    assert row.districts == [KASUR] and secret.encode() not in bytes(row.sealed_secret)
    with pytest.raises(CommandError, match="unknown district"):
        call_command("alerts", "webhook", "add", "X", "https://x.example/", "--district", "PK999")
    listing = StringIO()
    call_command("alerts", "webhook", "list", stdout=listing)
    assert "Example TV" in listing.getvalue() and secret not in listing.getvalue()
    call_command("alerts", "webhook", "remove", "Example TV", stdout=StringIO())
    assert not WebhookSubscriber.objects.exists()
