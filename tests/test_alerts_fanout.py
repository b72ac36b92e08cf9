"""Subscribers' numbers are sealed and found again only by a keyed hash; an alert's SMS are
queued in the outbox once per recipient (key: CAP identifier + recipient) and delivered by the
ordinary worker to the people inside the circle and to nobody outside it."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from alerts_support import KORANGI, sample_alert
from nigraan.alerts import fanout, phones
from nigraan.alerts.areas import circle_area
from nigraan.alerts.content import Circle
from nigraan.alerts.fanout import idempotency_key, queue_alert_sms
from nigraan.alerts.geometry import destination
from nigraan.alerts.models import Subscriber
from nigraan.alerts.selection import recipients_for
from nigraan.alerts.sms_text import alert_sms
from nigraan.alerts.subscribers import SubscriptionInvalid, subscribe, unsubscribe
from nigraan.notify import sealing
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import OutboxMessage, OutboxStatus, SimulatedSms
from nigraan.notify.outbox import deliver_due

IDENTIFIER = "NGR-A-2026-0001-1"


@pytest.mark.parametrize(
    "typed",
    ["0300 1234567", "+92 300-1234567", "0092 300 1234567", "923001234567", "۰۳۰۰۱۲۳۴۵۶۷"],
)
def test_the_ways_people_type_a_number_are_one_number(typed):
    assert phones.normalise_phone(typed) == "+923001234567"


@pytest.mark.parametrize("typed", ["", "12", "0300 12345", "+92 300 12345678", "call me", "+4+4"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(phones.PhoneInvalid):
        phones.normalise_phone(typed)


@pytest.mark.django_db
def test_a_number_is_kept_sealed_and_found_by_its_keyed_hash_only():
    subscriber = subscribe("0300 1234567", language="en", opted_in_by="sms", place=KORANGI)
    stored = Subscriber.objects.get(pk=subscriber.pk)
    assert b"1234567" not in bytes(stored.sealed_phone)
    assert stored.phone_lookup == phones.phone_lookup("+923001234567") != "+923001234567"
    assert phones.unseal_phone(bytes(stored.sealed_phone), stored.phone_lookup) == "+923001234567"
    other = phones.phone_lookup("+923009999999")
    with pytest.raises(InvalidTag):  # bound to its own row: it cannot be moved to another
        phones.unseal_phone(bytes(stored.sealed_phone), other)
    assert stored.district_id == "PK712" and stored.cell is not None


@pytest.mark.django_db
def test_opting_in_again_moves_the_subscription_and_opting_out_forgets_it():
    first = subscribe("03001234567", language="en", opted_in_by="sms", district_code="PK614")
    again = subscribe("+92 300 1234567", language="ur", opted_in_by="web", place=KORANGI)
    assert again.pk == first.pk and Subscriber.objects.count() == 1
    assert (again.district_id, again.language) == ("PK712", "ur")
    assert unsubscribe("0300-1234567") is True
    assert Subscriber.objects.count() == 0 and unsubscribe("03001234567") is False
    with pytest.raises(SubscriptionInvalid) as refused:
        subscribe("03001234567", language="ur", opted_in_by="sms", district_code="PK999")
    assert refused.value.message_ur


def _people():
    inside_en = subscribe("03001110001", language="en", opted_in_by="sms", place=KORANGI)
    inside_ur = subscribe(
        "03001110002",
        language="ur",
        opted_in_by="sms",
        place=destination(*KORANGI, 0.5, 12.0),
    )
    beyond = subscribe(
        "03001110003", language="ur", opted_in_by="sms", place=destination(*KORANGI, 0.8, 30.0)
    )
    return inside_en, inside_ur, beyond


def _texts():
    alert = sample_alert()
    return {language: alert_sms(alert, language).text for language in ("en", "ur")}


@pytest.mark.django_db
def test_an_alert_reaches_the_people_inside_once_each_and_nobody_outside():
    _inside_en, _inside_ur, _beyond = _people()
    texts = _texts()
    recipients = list(recipients_for(circle_area(Circle(*KORANGI, 20.0))))
    result = queue_alert_sms(IDENTIFIER, texts, recipients)
    assert (result.queued, result.skipped) == (2, 0)
    rows = {row.idempotency_key: row for row in OutboxMessage.objects.all()}
    key_en = idempotency_key(IDENTIFIER, phones.phone_lookup("+923001110001"))
    assert key_en in rows and len(key_en) <= 100 and key_en.startswith(f"cap:{IDENTIFIER}:")
    assert sealing.unseal(bytes(rows[key_en].sealed_recipient), key_en + "|to") == "+923001110001"
    assert sealing.unseal(bytes(rows[key_en].sealed_body), key_en + "|body") == texts["en"]

    again = queue_alert_sms(IDENTIFIER, texts, recipients_for(circle_area(Circle(*KORANGI, 20.0))))
    assert (again.queued, again.skipped) == (0, 2) and OutboxMessage.objects.count() == 2

    gateway = SimulatedGateway()
    assert deliver_due(gateway=gateway)["sent"] == 2
    delivered = {sms.to: sms.text for sms in SimulatedSms.objects.all()}
    assert delivered == {"+923001110001": texts["en"], "+923001110002": texts["ur"]}
    assert "+923001110003" not in delivered
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


@pytest.mark.django_db
def test_a_wider_circle_adds_only_the_people_not_yet_reached():
    _people()
    texts = _texts()
    first = queue_alert_sms(IDENTIFIER, texts, recipients_for(circle_area(Circle(*KORANGI, 20.0))))
    wider = queue_alert_sms(IDENTIFIER, texts, recipients_for(circle_area(Circle(*KORANGI, 35.0))))
    assert (first.queued, wider.queued, wider.skipped) == (2, 1, 2)
    assert OutboxMessage.objects.count() == 3


@pytest.mark.django_db
def test_a_fanout_in_small_batches_queues_the_same_rows():
    for n in range(7):
        subscribe(
            f"0301000000{n}",
            language="ur",
            opted_in_by="web",
            place=destination(*KORANGI, 0.2 * n, 1.0 + n),
        )
    recipients = list(recipients_for(circle_area(Circle(*KORANGI, 20.0))))
    result = queue_alert_sms(IDENTIFIER, _texts(), recipients, batch_size=3)
    assert (result.queued, result.skipped) == (7, 0)
    assert OutboxMessage.objects.filter(channel="sms").count() == 7


@pytest.mark.django_db
def test_a_key_written_meanwhile_by_another_fanout_rolls_the_batch_back_and_it_is_retried(
    monkeypatch,
):
    _people()
    texts = _texts()
    area = circle_area(Circle(*KORANGI, 20.0))
    queue_alert_sms(IDENTIFIER, texts, list(recipients_for(area))[:1])
    # As if another worker committed that key after this fan-out looked for earlier ones.
    monkeypatch.setattr(fanout, "already_queued", lambda identifier: False)
    result = queue_alert_sms(IDENTIFIER, texts, recipients_for(area))
    assert (result.queued, result.skipped) == (1, 1)
    assert OutboxMessage.objects.count() == 2
