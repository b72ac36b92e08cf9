"""The outbox sends by priority and within each gateway's rate cap (issue 14, delivery): an
alert's SMS to responders go before anything else, messages to one person before an alert's SMS
to the public; a gateway capped at N messages a second is sent at most N per second of the
(injected) clock, shared by every worker. And the alert's staff page shows per channel what was
queued, sent and failed, with the time from issue to sending. Counts per tick, no timing."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from nigraan import tasks
from nigraan.alerts import workflow
from nigraan.alerts.delivery_figures import _rows, delivery_by_channel
from nigraan.alerts.subscribers import subscribe, unsubscribe
from nigraan.notify.models import OutboxMessage, OutboxPriority, OutboxStatus
from nigraan.notify.outbox import deliver_due, enqueue_sms
from personas import Personas
from test_alerts_workflow import KASUR_POINT, _open, all_yes, draft_fields

RESPONDERS = ("03001110101", "03001110102")
PUBLIC = ("03001110201", "03001110202", "03001110203")


class RecordingGateway:
    """An SMS gateway that keeps the order it was asked to send in."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        self.sent.append(to)


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco")


def _subscribers() -> None:
    for number in PUBLIC:  # the public first, so their rows are not first by accident
        subscribe(number, language="en", opted_in_by="sms", place=KASUR_POINT)
    for number in RESPONDERS:
        subscribe(number, language="ur", opted_in_by="staff", place=KASUR_POINT, is_responder=True)


def _issue(people) -> str:
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    workflow.approve_alert(people["sup"], ref, all_yes())
    return ref


def _queue_reporter_sms(count: int) -> None:
    with transaction.atomic():
        for n in range(count):
            enqueue_sms(to=f"+9230022200{n:02d}", text="Your receipt (synthetic)", key=f"r:{n}")


def _e164(number: str) -> str:
    return "+92" + number[1:]


def test_responders_are_sent_first_then_one_person_then_the_public(people, fixed_clock):
    _subscribers()
    _issue(people)
    _queue_reporter_sms(1)  # queued after the alert, sent before its public SMS
    rows = OutboxMessage.objects.filter(channel="alert_sms")
    assert {r.priority for r in rows} == {OutboxPriority.RESPONDER, OutboxPriority.PUBLIC_ALERT}
    gateway = RecordingGateway()
    deliver_due(gateway, limit=2)
    assert sorted(gateway.sent) == sorted(_e164(n) for n in RESPONDERS)
    deliver_due(gateway, limit=1)
    assert gateway.sent[-1] == "+923002220000"  # the reporter's receipt
    deliver_due(gateway, limit=10)
    assert sorted(gateway.sent[3:]) == sorted(_e164(n) for n in PUBLIC)


def test_an_sms_gateway_capped_at_3_a_second_sends_3_per_tick(settings, fixed_clock, db):
    settings.NIGRAAN_OUTBOX_RATES = {"sms": 3}
    _queue_reporter_sms(10)
    gateway = RecordingGateway()
    sent_per_tick = []
    for _tick in range(3):
        counts = deliver_due(gateway, limit=100)
        sent_per_tick.append(counts["sent"])
        assert deliver_due(gateway, limit=100)["sent"] == 0  # the same instant: nothing more
        fixed_clock.advance(seconds=1)
    assert sent_per_tick == [3, 3, 3] and len(gateway.sent) == 9
    fixed_clock.advance(seconds=0.5)  # the bucket never holds more than one second's worth
    assert deliver_due(gateway, limit=100)["sent"] == 1
    settings.NIGRAAN_OUTBOX_RATES = {"email": 1}  # sms no longer capped
    assert deliver_due(gateway, limit=100)["sent"] == 0  # all ten sent


def test_alert_sms_count_against_the_sms_gateway_cap(people, settings, fixed_clock):
    settings.NIGRAAN_OUTBOX_RATES = {"sms": 2}
    _subscribers()
    _issue(people)
    _queue_reporter_sms(2)
    gateway = RecordingGateway()
    assert deliver_due(gateway, limit=100)["sent"] == 2
    assert sorted(gateway.sent) == sorted(_e164(n) for n in RESPONDERS)


def test_a_capped_worker_run_waits_for_the_bucket_rather_than_stopping(
    settings, fixed_clock, db, monkeypatch
):
    settings.NIGRAAN_OUTBOX_RATES = {"sms": 3}
    settings.NIGRAAN_SMS_GATEWAY = "simulated"
    _queue_reporter_sms(20)
    waits = []
    monkeypatch.setattr(tasks, "_wait", lambda s: (waits.append(s), fixed_clock.advance(seconds=s)))
    totals = tasks.deliver_outbox()
    assert totals["sent"] == 15 and len(waits) == 4  # 3 now, then 3 after each of 4 seconds
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 5


def test_the_alert_staff_page_shows_delivery_per_channel(people, fixed_clock):
    _subscribers()
    ref = _issue(people)
    unsubscribe(PUBLIC[0])  # opted out after queueing: nobody to send to
    gateway = RecordingGateway()
    fixed_clock.advance(seconds=10)
    deliver_due(gateway, limit=3)
    fixed_clock.advance(seconds=50)
    deliver_due(gateway, limit=100)
    row = workflow.PublishedAlert.objects.get(case_ref=ref)
    (sms,) = delivery_by_channel(row)
    assert (sms.channel, sms.queued, sms.sent, sms.failed, sms.gone) == ("alert_sms", 0, 4, 0, 1)
    assert sms.p50 is not None and sms.p95 is not None
    assert sms.p50.total_seconds() == 10 and sms.p95.total_seconds() == 60
    client = Client()
    client.force_login(people["sup"])
    page = client.get(f"/en/staff/cases/{ref}/").content.decode()
    assert f'id="delivery-{row.reference}-alert_sms"' in page and "10.0 s" in page


def test_the_delivery_figures_find_an_alert_s_rows_through_the_key_index(people, fixed_clock):
    _subscribers()
    ref = _issue(people)
    row = workflow.PublishedAlert.objects.get(case_ref=ref)
    sql, params = _rows(row).values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(step[-1]) for step in cursor.fetchall())
            assert "SEARCH notify_outboxmessage USING" in plan and "SCAN" not in plan, plan
            assert "idempotency_key>?" in plan, plan
        else:  # a small table: price the scan out to see whether the index can answer
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(str(step[0]) for step in cursor.fetchall())
            assert "idempotency_key" in plan and "Seq Scan" not in plan, plan
    assert _rows(row).count() == 5  # the two responders and three of the public
