"""Erasing a case (crypto-shred, two administrators) reaches its missing-child alerts: an active
alert refuses the erasure (staff record "found" or cancel first, so the withdrawal reaches
everyone); every other alert of the case loses its texts in the erasure's transaction, and the
public page, the list, the feed and the CAP address stop showing it. The ledger still verifies.
Synthetic data: a fictional child in Kasur (tests/test_alerts_workflow.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nigraan.alerts import workflow
from nigraan.alerts.models import AlertSmsText, AlertState, PublishedAlert
from nigraan.cases import commands
from nigraan.cases.commands import CommandRefused
from nigraan.cases.models import Case, CaseKey
from nigraan.ledger.models import Event
from nigraan.ledger.verify import verify_ledger
from personas import Personas
from test_alerts_workflow import DESCRIPTION, _open, _subscribers, all_yes, draft_fields

pytestmark = pytest.mark.django_db

TEXTS = [
    value
    for name, value in draft_fields().items()
    if name.split("_")[0] in ("headline", "description", "place")
]
LAST_SEEN = draft_fields()["last_seen_at"]


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco", "admin", "admin2")


def _issued(people) -> tuple[str, PublishedAlert]:
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    return ref, workflow.approve_alert(people["sup"], ref, all_yes())


def _shred(people, ref: str) -> None:
    commands.request_shred(people["admin"], ref, reason="court order (synthetic)")
    commands.shred_case(people["admin2"], ref, reason="checked the order (synthetic)")


def _holds_a_text(blob: str) -> bool:
    return any(text in blob for text in TEXTS) or LAST_SEEN[:13] in blob


def _row_blob(row: PublishedAlert) -> str:
    row.refresh_from_db()
    return json.dumps([row.content, row.area], ensure_ascii=False) + bytes(row.cap_xml).decode()


def test_an_active_alert_refuses_the_erasure_until_found_or_cancelled(people):
    ref, row = _issued(people)
    with pytest.raises(CommandRefused, match="active missing-child alert"):
        commands.request_shred(people["admin"], ref, reason="court order (synthetic)")
    before = _row_blob(row)
    # A request made before the alert was issued is refused at approval, and nothing changes.
    other = _open(people)
    commands.request_shred(people["admin"], other, reason="court order (synthetic)")
    workflow.draft_alert(people["cw"], other, draft_fields())
    workflow.approve_alert(people["sup"], other, all_yes())
    with pytest.raises(CommandRefused, match="active missing-child alert"):
        commands.shred_case(people["admin2"], other, reason="checked (synthetic)")
    assert bytes(CaseKey.objects.get(case__ref=other).wrapped_key)
    assert not Event.objects.filter(case_ref=other, kind="case.shredded").exists()
    assert _row_blob(row) == before and DESCRIPTION in before


def test_after_found_and_erasure_nothing_public_or_stored_holds_the_texts(people):
    _subscribers()
    ref, row = _issued(people)
    other_ref, other = _issued(people)  # another child's alert: untouched
    workflow.alert_found(people["cw"], ref)
    row.refresh_from_db()
    identifiers = [identifier for identifier, _sent in row.messages]
    cap_identifier, untouched = row.cap_identifier, _row_blob(other)
    events_before = list(Event.objects.values_list("id", "kind", "event_hash").order_by("id"))
    _shred(people, ref)

    public = Client()
    for lang in ("en", "ur"):
        assert public.get(f"/{lang}/alerts/{row.reference}/").status_code == 410
        listing = public.get(f"/{lang}/alerts/").content.decode()
        assert row.reference not in listing and other.reference in listing
    assert public.get(f"/alerts/{cap_identifier}.xml").status_code == 410
    for feed in ("/alerts/feed.atom", "/alerts/feed.atom?lang=ur"):
        body = public.get(feed).content.decode()
        assert row.reference not in body and other.reference in body
    assert not _holds_a_text(_row_blob(row))
    row.refresh_from_db()
    assert row.state == AlertState.FOUND and row.content["withdrawn"] and not row.cap_xml
    assert not AlertSmsText.objects.filter(identifier__in=identifiers).exists()
    assert _row_blob(other) == untouched and other_ref != ref
    # The ledger kept every event, added only the erasure's two, and still verifies.
    after = list(Event.objects.values_list("id", "kind", "event_hash").order_by("id"))
    assert after[: len(events_before)] == events_before
    assert [kind for _seq, kind, _data in after[len(events_before) :]] == [
        "case.shred_requested",
        "case.shredded",
    ]
    report = verify_ledger(projections=True)
    assert report.ok and not report.mismatches, report.problem
    assert Case.objects.get(ref=ref).is_shredded


def test_a_draft_is_erased_and_can_no_longer_be_approved(people):
    ref = _open(people)
    row = workflow.draft_alert(people["cw"], ref, draft_fields())
    _shred(people, ref)
    assert not _holds_a_text(_row_blob(row))
    assert row.state == AlertState.CANCELLED
    with pytest.raises(CommandRefused):
        workflow.approve_alert(people["sup"], ref, all_yes())
    assert Client().get(f"/en/alerts/{row.reference}/").status_code == 404  # never published


def test_a_cancelled_alert_is_erased_and_its_cap_address_is_gone(people):
    ref, row = _issued(people)
    workflow.cancel_alert(people["sup"], ref, "Raised in error (synthetic)")
    row.refresh_from_db()
    _shred(people, ref)
    assert not _holds_a_text(_row_blob(row)) and row.state == AlertState.CANCELLED
    public = Client()
    assert public.get(f"/alerts/{row.cap_identifier}.xml").status_code == 410
    assert row.reference not in public.get("/alerts/feed.atom").content.decode()
