"""Who may be given a case, and what oversight hears (issue 10 items 1 and 8): only people who
can work the case; a reporter's request for a woman officer needs a recorded reason to be set
aside and is flagged; a police refusal or an official named as the abuser reaches oversight at
intake and shows on the case page."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import Action, work_refusal
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event
from nigraan.notify.models import StaffNotice
from personas import KASUR, Personas

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))


@pytest.fixture
def people(personas: Personas) -> Personas:
    return personas.ensure("op", "cw", "cw2", "sup", "dco", "police", "oversight", "cw.lahore")


def _report(**report) -> str:
    case = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        district_code=KASUR,
        report={"contact": "none", **report},
    )
    return case.ref


@pytest.mark.parametrize(
    ("who", "words"),
    [
        ("op", "cannot work a case"),
        ("police", "cannot work a case"),
        ("oversight", "cannot work a case"),
        ("cw.lahore", "does not work in this case's area"),
    ],
)
def test_assigning_to_someone_who_cannot_work_the_case_is_refused_clearly(people, who, words):
    ref = _report()
    with pytest.raises(commands.CommandRefused, match=words):
        commands.assign_case(people["sup"], ref, owner_username=people[who].username)
    assert Case.objects.get(ref=ref).owner is None


def test_the_case_page_offers_only_people_who_can_work_the_case(people):
    ref = _report()
    browser = Client()
    browser.force_login(people["sup"])
    page = browser.get(f"/en/staff/cases/{ref}/").content.decode()
    options = page.split('id="owner"')[1].split("</select>")[0]
    assert "cw.kasur" in options and "dco.kasur" in options
    assert "op.kasur" not in options and "police.kasur" not in options
    refused = browser.post(
        f"/en/staff/cases/{ref}/", {"action": "assign", "owner": "op.kasur"}
    ).content.decode()
    assert "cannot work a case" in refused


def test_a_request_for_a_woman_officer_needs_a_reason_to_set_aside_and_is_flagged(people):
    people["cw2"].is_woman_officer = True
    people["cw2"].save()
    ref = _report(wants_woman=True)
    with pytest.raises(commands.CommandRefused, match="woman officer"):
        commands.assign_case(people["sup"], ref, owner_username="cw.kasur")
    assert not Event.objects.filter(case_ref=ref, kind="case.assigned").exists()
    honoured = commands.assign_case(people["sup"], ref, owner_username="cw2.kasur")
    assert not honoured.flagged_for_oversight
    assert not StaffNotice.objects.filter(kind="woman_officer_not_given").exists()
    against = commands.assign_case(
        people["sup"], ref, owner_username="cw.kasur", reason="cw2 on leave this week"
    )
    assert against.flagged_for_oversight
    last = Event.objects.filter(case_ref=ref).order_by("-seq").first()
    assert last.data["flag"] is True and last.data["reason"] == "cw2 on leave this week"
    assert StaffNotice.objects.filter(
        kind="woman_officer_not_given", staff__username="oversight.punjab"
    ).exists()
    assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)
    browser = Client()
    browser.force_login(people["sup"])
    page = browser.get(f"/en/staff/cases/{ref}/").content.decode()
    assert 'id="flag"' in page and "owner is not recorded as one" in page


def test_without_the_request_no_reason_is_needed_and_nothing_is_flagged(people):
    ref = _report(wants_woman=False)
    case = commands.assign_case(people["sup"], ref, owner_username="cw.kasur")
    assert not case.flagged_for_oversight
    assert "flag" not in Event.objects.filter(case_ref=ref).order_by("-seq").first().data


@pytest.mark.parametrize(
    ("report", "words"),
    [
        ({"police": "refused_or_nothing"}, "police refused"),
        ({"abuser_relation": "police_or_official"}, "police or an official"),
    ],
)
def test_a_police_refusal_or_an_official_abuser_reaches_oversight_at_intake(people, report, words):
    ref = _report(**report)
    notice = StaffNotice.objects.get(kind="report_flagged", case__ref=ref)
    assert notice.staff.username == "oversight.punjab" and words in notice.text
    for lang in ("en", "ur"):
        browser = Client()
        browser.force_login(people["cw"])
        page = browser.get(f"/{lang}/staff/cases/{ref}/").content.decode()
        assert 'id="flag"' in page


def test_an_ordinary_report_sends_oversight_nothing(people):
    ref = _report(police="no", abuser_relation="neighbour")
    assert not StaffNotice.objects.filter(case__ref=ref, kind="report_flagged").exists()


def test_createstaff_records_a_woman_officer(geography, settings):
    settings.NIGRAAN_STAFF_PASSWORD = "a long demo passphrase 2026"
    call_command(
        "createstaff", "cw3.kasur", "--role", "case_worker", "--district", KASUR, "--woman-officer"
    )
    call_command("createstaff", "cw4.kasur", "--role", "case_worker", "--district", KASUR)
    assert Staff.objects.get(username="cw3.kasur").is_woman_officer
    assert not Staff.objects.get(username="cw4.kasur").is_woman_officer


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_only_the_case_team_roles_can_own_a_case_in_their_area(make_staff, geography, role):
    ref = _report()
    case = Case.objects.get(ref=ref)
    here = make_staff(f"{role}.here", role, district=KASUR)
    elsewhere = make_staff(f"{role}.there", role, district="PK617")
    team = role in ("case_worker", "supervisor", "district_officer")
    assert (work_refusal(here, case) == "") is team
    assert work_refusal(elsewhere, case) != ""
    here.is_active = False
    assert work_refusal(here, case) != ""
