"""The fan-out the workflow uses (issue 14): one INSERT ... SELECT per group, rows that carry no
number and no text, the number unsealed only when the worker sends; the same people as the
per-row selection, responders first, once each however often it runs; an opt-out after queueing
is not sent to. Synthetic numbers."""

from __future__ import annotations

import math
import random

import pytest
from django.db import connection, transaction

from nigraan.alerts import h3cover
from nigraan.alerts.areas import circle_area, districts_area
from nigraan.alerts.content import Circle
from nigraan.alerts.fanout_sql import inside_cells, queue_area_sms
from nigraan.alerts.geometry import destination
from nigraan.alerts.selection import recipients_for
from nigraan.alerts.subscribers import subscribe, unsubscribe
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import OutboxMessage, OutboxStatus, SimulatedSms
from nigraan.notify.outbox import deliver_due

pytestmark = pytest.mark.django_db
KORANGI = (24.8330, 67.1150)
NEAR = (24.9000, 67.0800)  # about 8 km away
FAR = (31.5200, 74.3600)  # Lahore
TEXTS = {"en": "Missing child near Korangi (synthetic).", "ur": "کورنگی کے پاس لاپتہ بچہ (فرضی)۔"}


@pytest.fixture
def people(geography) -> None:
    subscribe("03001110001", language="en", opted_in_by="sms", place=KORANGI)
    subscribe("03001110002", language="ur", opted_in_by="sms", place=NEAR)
    subscribe("03001110003", language="ur", opted_in_by="sms", district_code="PK712")
    subscribe("03001110004", language="en", opted_in_by="sms", place=FAR)
    subscribe("03001110005", language="en", opted_in_by="staff", place=NEAR, is_responder=True)
    subscribe("03001110006", language="en", opted_in_by="staff", place=NEAR, is_test=True)


def _queue(area, identifier="NGR-T-1", exercise=False) -> int:
    with transaction.atomic():
        return queue_area_sms(identifier, TEXTS, area, exercise=exercise)


def test_the_same_people_as_the_selection_responders_first_once_each(people):
    area = circle_area(Circle(*KORANGI, 20.0))
    expected = {r.phone_lookup[:32] for r in recipients_for(area)}
    assert _queue(area) == 4 and _queue(area) == 0  # run again: nothing new
    rows = list(OutboxMessage.objects.order_by("id"))
    assert {row.idempotency_key.rsplit(":", 1)[1] for row in rows} == expected
    assert all(bytes(row.sealed_recipient) == b"" == bytes(row.sealed_body) for row in rows)
    deliver_due(SimulatedGateway())
    sent = list(SimulatedSms.objects.order_by("id").values_list("to", "text"))
    assert sent[0][0] == "+923001110005"  # the responder first
    assert ("+923001110002", TEXTS["ur"]) in sent and ("+923001110003", TEXTS["ur"]) in sent
    assert {to for to, _ in sent} == {"+923001110001", "+923001110002", "+923001110003"} | {
        "+923001110005"
    }


def test_a_drill_reaches_test_subscribers_and_districts_reach_everyone_in_them(people):
    assert _queue(circle_area(Circle(*KORANGI, 20.0)), "NGR-T-2", exercise=True) == 1
    chosen = districts_area(["PK712"])
    expected = {r.phone_lookup[:32] for r in recipients_for(chosen)}
    assert _queue(chosen, "NGR-T-3") == len(expected) >= 2
    keys = OutboxMessage.objects.filter(idempotency_key__startswith="cap:NGR-T-3:")
    assert {key.rsplit(":", 1)[1] for key in keys.values_list("idempotency_key", flat=True)} == (
        expected
    )


def test_someone_who_opts_out_after_queueing_is_not_sent_to(people):
    _queue(circle_area(Circle(*KORANGI, 20.0)))
    unsubscribe("0300 1110002")
    counts = deliver_due(SimulatedGateway())
    assert counts["sent"] == 4 and SimulatedSms.objects.count() == 3
    assert not SimulatedSms.objects.filter(to="+923001110002").exists()
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 0


def test_keys_written_meanwhile_by_another_fan_out_are_skipped_not_an_error(people, monkeypatch):
    # The first fan-out uses a plain INSERT; if another process wrote some of its keys after the
    # check, the savepoint is rolled back and the rows go in with ON CONFLICT DO NOTHING.
    assert _queue(circle_area(Circle(*KORANGI, 5.0)), "NGR-T-4") == 2  # Korangi, PK712
    monkeypatch.setattr("nigraan.alerts.fanout_sql.already_queued", lambda identifier: False)
    assert _queue(circle_area(Circle(*KORANGI, 20.0)), "NGR-T-4") == 2  # those two skipped
    keys = list(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys)) == 4


def test_the_enumerated_cells_are_exactly_those_inside_on_sampled_points():
    circle = Circle(*KORANGI, 20.0)
    cells = set(inside_cells(circle))
    rng = random.Random(14)
    for _ in range(3_000):
        point = destination(*KORANGI, rng.uniform(0, 2 * math.pi), rng.uniform(15.0, 25.0))
        cell = h3cover.subscriber_cell(*point)
        assert (cell in cells) == h3cover.inside(circle, cell)


def test_the_outbox_key_has_only_its_unique_index_compared_as_bytes_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the LIKE index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'notify_outboxmessage' "
            "AND indexdef LIKE '%%(idempotency_key%%'"
        )
        names = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns WHERE table_name = "
            "'notify_outboxmessage' AND column_name = 'idempotency_key'"
        )
        assert cursor.fetchone() == ("C",)  # bytes compared, not the locale's strcoll
    assert len(names) == 1 and not names[0].endswith("_like")
