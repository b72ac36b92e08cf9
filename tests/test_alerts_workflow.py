"""Missing-child alerts as a case's part (issue 14, second step): drafted by staff, approved by a
second person answering the activation criteria, issued into the outbox, then "found" or
cancelled in one step each; every step a case.alert_* event; the public list, page, Atom feed
and CAP document follow. Synthetic data: a fictional child in Kasur."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from django.test import Client

from nigraan import clock
from nigraan.accounts.permissions import PermissionDenied
from nigraan.alerts import workflow
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.criteria import current_criteria
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.alerts.subscribers import subscribe
from nigraan.cases import commands
from nigraan.cases.commands import CommandRefused
from nigraan.ledger.models import Event
from nigraan.notify.models import OutboxMessage
from personas import KASUR, Personas

KASUR_POINT = (31.1170, 74.4460)  # Kasur city
FAR_POINT = (24.8330, 67.1150)  # Korangi, Karachi: outside any Kasur circle
DESCRIPTION = "A 7-year-old girl in a green frock, last seen near the railway station."


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco")


def _open(people, category: str = "missing_child") -> str:
    case = commands.open_case(
        people["op"],
        channel="helpline",
        category=category,
        district_code=KASUR,
        protected={"narrative": "Synthetic account."},
    )
    return case.ref


def draft_fields(**changes: str) -> dict[str, str]:
    seen = (clock.now() - dt.timedelta(hours=1)).isoformat(timespec="minutes")
    fields = {
        "headline_en": "Missing child: Sana, 7, last seen in Kasur",
        "headline_ur": "لاپتہ بچی: ثنا، عمر 7 سال، آخری بار قصور میں دیکھی گئی",
        "description_en": DESCRIPTION,
        "description_ur": "سات سال کی بچی، سبز فراک، آخری بار ریلوے اسٹیشن کے پاس دیکھی گئی۔",
        "instruction_en": "If you see her, call Police 15 or 1099.",
        "instruction_ur": "اگر آپ اسے دیکھیں تو پولیس 15 یا 1099 پر فون کریں۔",
        "place_en": "Kasur railway station",
        "place_ur": "قصور ریلوے اسٹیشن",
        "last_seen_at": seen,
        "lat": str(KASUR_POINT[0]),
        "lon": str(KASUR_POINT[1]),
        "age": "7",
        "abducted": "on",
    }
    return {**fields, **changes}


def all_yes() -> dict[str, bool]:
    return {item.id: True for item in current_criteria().items}


def _kinds(ref: str) -> list[str]:
    rows = Event.objects.filter(case_ref=ref).order_by("seq")
    return [k for k in rows.values_list("kind", flat=True) if k.startswith("case.alert")]


def _subscribers() -> None:
    subscribe("03001110001", language="en", opted_in_by="sms", place=KASUR_POINT)
    subscribe("03001110002", language="ur", opted_in_by="sms", place=KASUR_POINT)
    subscribe("03001110003", language="ur", opted_in_by="sms", place=FAR_POINT)


def _alert_sms() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(idempotency_key__startswith="cap:"))


def test_draft_approve_issue_found_end_to_end(people):
    _subscribers()
    ref = _open(people)
    row = workflow.draft_alert(people["cw"], ref, draft_fields())
    assert row.state == AlertState.DRAFT and _alert_sms() == []
    public = Client()
    assert row.reference not in public.get("/en/alerts/").content.decode()

    row = workflow.approve_alert(people["sup"], ref, all_yes())
    assert row.state == AlertState.ACTIVE
    assert _kinds(ref) == ["case.alert_drafted", "case.alert_approved", "case.alert_issued"]
    assert len(_alert_sms()) == 2  # the two subscribers in Kasur, not the one in Karachi

    for lang in ("en", "ur"):
        listing = public.get(f"/{lang}/alerts/")
        assert listing.status_code == 200 and row.reference in listing.content.decode()
        assert len(listing.content) < 100_000 and b"<script" not in listing.content
        page = public.get(f"/{lang}/alerts/{row.reference}/")
        assert page.status_code == 200
    assert DESCRIPTION in public.get(f"/en/alerts/{row.reference}/").content.decode()
    cap = public.get(f"/alerts/{row.cap_identifier}.xml")
    assert cap.status_code == 200 and cap["Content-Type"].startswith("application/cap+xml")
    validate_cap(cap.content)
    assert b"<msgType>Alert</msgType>" in cap.content
    feed = feedparser.parse(public.get("/alerts/feed.atom").content)
    assert not feed.bozo and feed.entries[0].summary == DESCRIPTION
    urdu = feedparser.parse(public.get("/alerts/feed.atom?lang=ur").content)
    assert not urdu.bozo and urdu.entries[0].title.startswith("لاپتہ بچی")
    assert "ثنا" in public.get(f"/ur/alerts/{row.reference}/").content.decode()
    assert public.get("/alerts/NGR-A-2026-9999-1.xml", follow=True).status_code == 404

    row = workflow.alert_found(people["cw"], ref)
    assert _kinds(ref)[-1] == "case.alert_resolved" and row.state == AlertState.FOUND
    assert len(_alert_sms()) == 4  # an all-clear to each of the two reached
    for lang in ("en", "ur"):
        page = public.get(f"/{lang}/alerts/{row.reference}/").content.decode()
        assert DESCRIPTION not in page and "ریلوے اسٹیشن کے پاس" not in page
    cap = public.get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    assert b"AllClear" in cap and b"<references>" in cap and DESCRIPTION.encode() not in cap
    feed_bytes = public.get("/alerts/feed.atom").content
    assert DESCRIPTION.encode() not in feed_bytes and not feedparser.parse(feed_bytes).bozo


def test_the_drafter_cannot_approve_and_a_case_worker_cannot_approve(people):
    ref = _open(people)
    workflow.draft_alert(people["sup"], ref, draft_fields())
    with pytest.raises(CommandRefused, match="another supervisor"):
        workflow.approve_alert(people["sup"], ref, all_yes())
    with pytest.raises(PermissionDenied):
        workflow.approve_alert(people["cw"], ref, all_yes())
    assert PublishedAlert.objects.get(case_ref=ref).state == AlertState.DRAFT
    assert _kinds(ref) == ["case.alert_drafted"]
    workflow.approve_alert(people["dco"], ref, all_yes())
    assert PublishedAlert.objects.get(case_ref=ref).state == AlertState.ACTIVE


def test_an_unmet_required_criterion_refuses_the_approval(people):
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    with pytest.raises(CommandRefused, match="cannot go out"):
        workflow.approve_alert(people["sup"], ref, {**all_yes(), "under_eighteen": False})
    assert _kinds(ref) == ["case.alert_drafted"]


@pytest.mark.parametrize("category", ["sexual_abuse", "attempted_abuse", "online_abuse"])
def test_a_sexual_violence_case_cannot_carry_an_alert(people, category):
    ref = _open(people, category)
    with pytest.raises(CommandRefused, match="missing or taken child"):
        workflow.draft_alert(people["cw"], ref, draft_fields())
    assert not PublishedAlert.objects.filter(case_ref=ref).exists() and _kinds(ref) == []


def test_cancel_with_a_reason_withdraws_and_tells_those_reached(people):
    _subscribers()
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    workflow.approve_alert(people["sup"], ref, all_yes())
    with pytest.raises(CommandRefused):
        workflow.cancel_alert(people["sup"], ref, "")
    row = workflow.cancel_alert(people["sup"], ref, "Issued in error: the child was at school.")
    assert row.state == AlertState.CANCELLED and _kinds(ref)[-1] == "case.alert_cancelled"
    assert len(_alert_sms()) == 4
    cap = Client().get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    assert b"<msgType>Cancel</msgType>" in cap and DESCRIPTION.encode() not in cap


def _page(staff, ref: str, data: dict[str, str] | None = None, lang: str = "en") -> str:
    browser = Client()
    browser.force_login(staff)
    url = f"/{lang}/staff/cases/{ref}/"
    response = browser.post(url, data) if data is not None else browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_on_the_case_page_one_drafts_another_approves_then_found(people):
    _subscribers()
    ref = _open(people)
    drafted = _page(people["cw"], ref, {"action": "alert_draft", **draft_fields()})
    assert "Alert drafted" in drafted and 'id="alert-approve-form"' not in drafted
    own = _page(people["sup"], ref, {"action": "alert_draft", **draft_fields()})
    assert "already has an alert" in own
    seen = _page(people["sup"], ref, lang="ur")
    assert 'id="alert-approve-form"' in seen and "کیا بچے کی عمر 18 سال سے کم ہے؟" in seen
    answers = {f"criterion_{item.id}": "yes" for item in current_criteria().items}
    issued = _page(people["sup"], ref, {"action": "alert_approve", **answers})
    assert "Alert approved and issued" in issued and 'id="alert-found-form"' in issued
    assert len(_alert_sms()) == 2
    done = _page(people["cw"], ref, {"action": "alert_found"})
    assert "the child was found" in done and len(_alert_sms()) == 4
    assert PublishedAlert.objects.get(case_ref=ref).state == AlertState.FOUND


def test_the_case_page_of_a_sexual_violence_case_offers_no_alert(people):
    ref = _open(people, "sexual_abuse")
    assert 'id="case-alert"' not in _page(people["cw"], ref)
    refused = _page(people["cw"], ref, {"action": "alert_draft", **draft_fields()})
    assert "missing or taken child" in refused


def test_the_category_cannot_change_while_an_alert_is_open(people):
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    with pytest.raises(CommandRefused, match="cancel it"):
        commands.correct_field(
            people["cw"], ref, field="category", value="sexual_abuse", reason="new facts"
        )
    workflow.cancel_alert(people["cw"], ref, "The case is about abuse: no alert.")
    commands.correct_field(
        people["cw"], ref, field="category", value="sexual_abuse", reason="new facts"
    )
    with pytest.raises(CommandRefused, match="missing or taken child"):
        workflow.draft_alert(people["cw"], ref, draft_fields())


def test_the_public_page_says_when_the_child_was_last_seen_in_words_in_pakistan_time(people):
    """A parent reads "1 January 2026, 05:00", not the stored "2026-01-01T05:00:00+05:00"."""
    ref = _open(people)
    pakistan = dt.timezone(dt.timedelta(hours=5))
    seen = (
        (clock.now() - dt.timedelta(hours=1)).astimezone(pakistan).replace(second=0, microsecond=0)
    )
    workflow.draft_alert(people["cw"], ref, draft_fields(last_seen_at=seen.isoformat()))
    row = workflow.approve_alert(people["sup"], ref, all_yes())
    words = f"{seen.day} {seen:%B} {seen.year}, {seen:%H:%M}"
    english = Client().get(f"/en/alerts/{row.reference}/").content.decode()
    assert words in english and ">" + seen.isoformat()[:16] not in english  # shown, not stamped
    urdu = Client().get(f"/ur/alerts/{row.reference}/").content.decode()
    assert f"{seen:%H:%M}" in urdu and ">" + seen.isoformat()[:16] not in urdu
    assert f"{seen:%B}" not in urdu  # the month in Urdu
