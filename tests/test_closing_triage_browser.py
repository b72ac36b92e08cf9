"""Closing honestly and the triage queue, in headless Chromium with JavaScript off on a 360-pixel
phone: a closing that needs two people (asked by one supervisor, approved by the district
officer, flagged); an unplaced report read and placed from the triage queue, then assigned in its
district. No horizontal scroll, English and Urdu."""

from __future__ import annotations

import pytest

from browser_support import fits_a_phone, staff_phone
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.models import Case
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
PLACE = "Near the big mosque, synthetic town"


def test_a_flagged_closing_needs_two_people(live_server, chromium, geography, make_staff, contexts):
    operator = make_staff("op.kasur", "helpline_operator", district="PK614")
    police = make_staff("police.kasur", "police_liaison", district="PK614")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    officer = make_staff("dco.kasur", "district_officer", district="PK614")
    ref = commands.open_case(
        operator, channel="helpline", category="sexual_abuse", district_code="PK614"
    ).ref
    commands.record_stage(police, ref, stage="fir_registered", reason="FIR 7 (synthetic)")
    url = f"{live_server.url}/{{lang}}/staff/cases/{ref}/"

    asking = staff_phone(chromium, live_server, supervisor, contexts)
    asking.goto(url.format(lang="en"))
    asking.select_option("#stage", "closed")
    asking.fill("#stage_reason", "Same as another case (synthetic)")
    asking.select_option("#reason_code", "duplicate")
    submit(asking, "#stage-button")
    assert "second person" in asking.locator("#action-done").inner_text()
    assert asking.locator("#closure-own-request").count() == 1
    assert asking.locator("#closure-decision-form").count() == 0
    assert fits_a_phone(asking)

    deciding = staff_phone(chromium, live_server, officer, contexts)
    deciding.goto(url.format(lang="ur"))
    assert deciding.locator("#pending-closure").count() == 1
    assert fits_a_phone(deciding)
    deciding.check("#decision-approve")
    submit(deciding, "#closure-decision-button")
    assert deciding.locator("#flag").count() == 1
    case = Case.objects.get(ref=ref)
    assert not case.is_open and case.flagged_for_oversight
    assert fits_a_phone(deciding)


def test_an_unplaced_report_is_triaged_placed_and_assigned(
    live_server, chromium, geography, make_staff, contexts
):
    triage = make_staff("sup.punjab", "supervisor", province="PK6")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    make_staff("cw.kasur", "case_worker", district="PK614")
    ref = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        province_code="PK6",
        protected={"address": PLACE},
        report={"contact": "none"},
    ).ref

    page = staff_phone(chromium, live_server, triage, contexts)
    page.goto(f"{live_server.url}/en/staff/triage/")
    assert page.locator(f"#triage-{ref}").count() == 1
    assert fits_a_phone(page)
    page.fill(f"#read-reason-{ref}", "to place the report")
    submit(page, f"#triage-{ref} button:has-text('Read the place given')")
    assert PLACE in page.locator("#place-text").inner_text()
    page.select_option(f"#district-{ref}", "PK614")
    page.fill(f"#place-reason-{ref}", "The mosque is in Kasur")
    submit(page, f"#triage-{ref} button:has-text('Place in this district')")
    assert page.locator("#triage-done").count() == 1
    page.goto(f"{live_server.url}/ur/staff/triage/")
    assert page.locator(f"#triage-{ref}").count() == 0 and fits_a_phone(page)

    district = staff_phone(chromium, live_server, supervisor, contexts)
    district.goto(f"{live_server.url}/en/staff/cases/{ref}/")
    district.select_option("#owner", "cw.kasur")
    submit(district, "#assign-button")
    assert Case.objects.get(ref=ref).owner.username == "cw.kasur"
