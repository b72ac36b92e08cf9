"""Alert updates and drills in the workflow (issue 14): an update (new description, then a wider
circle) is a case.alert_updated event and a CAP Update whose references name the original; a
cancel refers to all before it; a drill (CAP status Exercise) reaches test subscribers and test
partners only. Every document validated against the OASIS schema; the feed parses."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from lxml import etree

from nigraan.alerts import workflow
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.models import PublishedAlert
from nigraan.alerts.subscribers import subscribe
from nigraan.alerts.webhooks import add_webhook_subscriber
from nigraan.cases.commands import CommandRefused
from nigraan.ledger.models import Event
from nigraan.notify.models import OutboxMessage
from personas import KASUR, Personas
from test_alerts_workflow import KASUR_POINT, _open, all_yes, draft_fields

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
WEST_30_KM = (31.1170, 74.1320)  # 30 km west of Kasur city: outside 20 km, inside 40 km
NEW_DESCRIPTION = "Update: she may be with a woman in a black burqa, seen at the bus stand."


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco")


def _sms(prefix: str = "cap:") -> int:
    return OutboxMessage.objects.filter(
        channel="alert_sms", idempotency_key__startswith=prefix
    ).count()


def _cap(row: PublishedAlert) -> bytes:
    document = Client().get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(document)
    return document


def _references(cap: bytes) -> list[str]:
    """The identifiers a CAP message refers to, in order."""
    found = etree.fromstring(cap).find(f"{{{CAP}}}references")
    text = found.text if found is not None else ""
    return [item.split(",")[1] for item in (text or "").split()]


def test_update_description_then_widen_then_cancel_each_refers_to_the_original(people):
    subscribe("03001110001", language="en", opted_in_by="sms", place=KASUR_POINT)
    subscribe("03001110004", language="ur", opted_in_by="sms", place=WEST_30_KM)
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    row = workflow.approve_alert(people["sup"], ref, all_yes())
    assert _sms() == 1 and b"<msgType>Alert</msgType>" in _cap(row)

    with pytest.raises(CommandRefused, match="Nothing to update"):
        workflow.update_alert(people["sup"], ref, {})
    with pytest.raises(CommandRefused, match="only grow"):
        workflow.update_alert(people["sup"], ref, {}, radius_km="10")
    row = workflow.update_alert(people["sup"], ref, {"description_en": NEW_DESCRIPTION})
    cap = _cap(row)
    assert b"<msgType>Update</msgType>" in cap and NEW_DESCRIPTION.encode() in cap
    assert _references(cap) == [row.messages[0][0]]
    assert _sms(f"cap:{row.cap_identifier}:") == 1  # the new description to the one reached
    feed = feedparser.parse(Client().get("/alerts/feed.atom").content)
    assert not feed.bozo and feed.entries[0].summary == NEW_DESCRIPTION

    row = workflow.update_alert(people["dco"], ref, {}, radius_km="40")
    cap = _cap(row)
    assert b"<msgType>Update</msgType>" in cap and b" 40.000</circle>" in cap
    first = row.messages[0][0]
    assert _sms(f"cap:{first}:") == 2  # only the newly covered, under the first message's keys
    assert _sms(f"cap:{row.cap_identifier}:") == 0

    row = workflow.cancel_alert(people["sup"], ref, "Issued in error.")
    cap = _cap(row)
    assert b"<msgType>Cancel</msgType>" in cap
    assert _references(cap) == [identifier for identifier, _sent in row.messages[:-1]]
    assert len(_references(cap)) == 3
    assert _sms(f"cap:{row.cap_identifier}:") == 2  # the withdrawal reaches the wider circle
    kinds = list(Event.objects.filter(case_ref=ref).order_by("seq").values_list("kind", flat=True))
    assert kinds.count("case.alert_updated") == 2 and kinds[-1] == "case.alert_cancelled"


def test_a_case_worker_cannot_update(people):
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    workflow.approve_alert(people["sup"], ref, all_yes())
    with pytest.raises(Exception, match="(?i)permission|not allowed|may not"):
        workflow.update_alert(people["cw"], ref, {"description_en": NEW_DESCRIPTION})


def test_a_drill_is_an_exercise_reaching_test_subscribers_and_test_partners_only(people):
    subscribe("03001110001", language="en", opted_in_by="sms", place=KASUR_POINT)
    subscribe("03001110009", language="en", opted_in_by="staff", place=KASUR_POINT, is_test=True)
    add_webhook_subscriber("Real desk", "https://real.example/cap", districts=[KASUR])
    drill_desk, _secret = add_webhook_subscriber(
        "Drill desk", "https://drill.example/cap", is_test=True
    )
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields(exercise="on"))
    row = workflow.approve_alert(people["sup"], ref, all_yes())
    cap = _cap(row)
    assert b"<status>Exercise</status>" in cap and b"EXERCISE:" in cap
    assert _sms() == 1  # the test subscriber only
    (webhook,) = OutboxMessage.objects.filter(channel="signed_post")
    assert webhook.idempotency_key.endswith(f":{drill_desk.pk}")
    row = workflow.alert_found(people["cw"], ref)
    cap = _cap(row)
    assert b"<status>Exercise</status>" in cap and b"AllClear" in cap and _sms() == 2
    feed = feedparser.parse(Client().get("/alerts/feed.atom").content)
    assert not feed.bozo


def test_update_and_drill_through_the_case_page(people):
    ref = _open(people)
    staff = Client()
    staff.force_login(people["cw"])
    url = f"/en/staff/cases/{ref}/"
    assert b'name="exercise"' in staff.get(url).content
    page = staff.post(url, {"action": "alert_draft", **draft_fields(exercise="on")})
    assert page.status_code == 200 and b"Alert drafted" in page.content
    approver = Client()
    approver.force_login(people["sup"])
    answers = {f"criterion_{key}": "yes" for key in all_yes()}
    approver.post(url, {"action": "alert_approve", **answers})
    assert b'id="alert-update-form"' in approver.get(url).content
    done = approver.post(url, {"action": "alert_update", "description_en": NEW_DESCRIPTION})
    assert b"The alert was updated." in done.content
    row = PublishedAlert.objects.get(case_ref=ref)
    assert b"<msgType>Update</msgType>" in _cap(row) and len(row.messages) == 2
    public = Client().get(f"/ur/alerts/{row.reference}/").content.decode()
    assert "مشق: یہ حقیقی الرٹ نہیں۔" in public
