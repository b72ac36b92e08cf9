"""Unplaced reports (issue 10 item 5): a report with no district waits in a province (or
national) triage queue, worked by staff who read the place text (the reason-and-log read) and
set the district (an event); the district's staff are then told, and the placing has its own
deadline that escalates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from nigraan.accounts.permissions import Action, PermissionDenied
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.models import Case, Deadline
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event
from nigraan.notify.models import StaffNotice
from personas import KASUR, PUNJAB, Personas

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
PLACE = "near the big mosque, synthetic town"


@pytest.fixture
def people(personas: Personas) -> Personas:
    return personas.ensure("cw", "sup", "sup.punjab", "oversight", "op")


def _unplaced(province: str | None = PUNJAB) -> str:
    case = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        province_code=province,
        protected={"address": PLACE},
        report={"contact": "none"},
    )
    return case.ref


def test_an_unplaced_report_starts_a_placing_deadline_met_when_placed(people, fixed_clock):
    ref = _unplaced()
    deadline = Deadline.objects.get(case__ref=ref, rule_id="place_unplaced_report")
    assert deadline.due_at - deadline.started_at == dt.timedelta(hours=24)
    assert deadline.met_at is None and deadline.next_escalation_at is not None
    commands.place_case(people["sup.punjab"], ref, district_code=KASUR, reason="place read")
    deadline.refresh_from_db()
    assert deadline.met_at is not None
    placed = Case.objects.get(ref=ref)
    assert placed.district_id == KASUR
    last = Event.objects.filter(case_ref=ref).order_by("-seq").first()
    assert last.kind == "case.field_corrected" and last.data["value"] == KASUR
    assert state_of(placed) == rebuild(ref)


def test_a_placed_report_reaches_the_districts_staff(people):
    ref = _unplaced()
    assert not StaffNotice.objects.filter(case__ref=ref, staff=people["cw"]).exists()
    commands.place_case(people["sup.punjab"], ref, district_code=KASUR, reason="place read")
    told = set(
        StaffNotice.objects.filter(case__ref=ref, kind="new_report").values_list(
            "staff__username", flat=True
        )
    )
    assert {"cw.kasur", "sup.kasur"} <= told


def test_placing_is_refused_to_district_staff_and_for_a_placed_case(people):
    ref = _unplaced()
    with pytest.raises(PermissionDenied):
        commands.place_case(people["sup"], ref, district_code=KASUR, reason="x")
    with pytest.raises(commands.CommandRefused, match="reason"):
        commands.place_case(people["sup.punjab"], ref, district_code=KASUR, reason="")
    commands.place_case(people["sup.punjab"], ref, district_code=KASUR, reason="place read")
    with pytest.raises(commands.CommandRefused, match="already has a district"):
        commands.place_case(people["sup.punjab"], ref, district_code=KASUR, reason="again")


def _client(staff) -> Client:
    browser = Client()
    browser.force_login(staff)
    return browser


def test_the_triage_page_reads_the_place_with_a_logged_reason_and_places_it(people):
    ref = _unplaced()
    browser = _client(people["sup.punjab"])
    page = browser.get("/en/staff/triage/").content.decode()
    assert f'id="triage-{ref}"' in page and PLACE not in page
    read = browser.post(
        "/en/staff/triage/", {"action": "read", "ref": ref, "reason": "to place it"}
    ).content.decode()
    assert PLACE in read
    assert Event.objects.filter(case_ref=ref, kind="case.protected_read").exists()
    placed = browser.post(
        "/en/staff/triage/",
        {"action": "place", "ref": ref, "district": KASUR, "reason": "the mosque is in Kasur"},
    ).content.decode()
    assert 'id="triage-done"' in placed and f'id="triage-{ref}"' not in placed
    assert Case.objects.get(ref=ref).district_id == KASUR


def test_the_triage_page_in_urdu_and_closed_to_district_staff(people):
    _unplaced()
    urdu = _client(people["sup.punjab"]).get("/ur/staff/triage/").content.decode()
    assert 'id="triage-list"' in urdu and "Unplaced reports" not in urdu
    district = _client(people["sup"]).get("/en/staff/triage/").content.decode()
    assert 'id="triage-not-yours"' in district
    refused = _client(people["sup"]).post(
        "/en/staff/triage/", {"action": "read", "ref": "x", "reason": "y"}
    )
    assert refused.status_code == 200


def test_an_unplaced_report_not_placed_in_a_day_escalates_to_the_provinces_supervisor(
    people, fixed_clock
):
    from nigraan.cases.sweep import sweep

    ref = _unplaced()
    fixed_clock.advance(hours=23)
    sweep()
    assert _place_escalations(ref) == []
    fixed_clock.advance(hours=2)
    sweep()
    assert _place_escalations(ref) == [(1, "supervisor")]
    assert StaffNotice.objects.filter(
        case__ref=ref, staff=people["sup.punjab"], text__contains="placed"
    ).exists()


def _place_escalations(ref: str) -> list[tuple[int, str]]:
    return [
        (e.data["level"], e.data["to"])
        for e in Event.objects.filter(case_ref=ref, kind="case.deadline_escalated")
        if e.data["deadline"] == "place_unplaced_report"
    ]
