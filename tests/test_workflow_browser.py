"""Through the staff pages in headless Chromium, with the clock moved by the test: one case from
report to conviction, and one from report to "FIR refused" to escalation to provincial oversight."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from browser_support import staff_phone
from nigraan.cases.sweep import sweep
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(chromium, live_server, staff, contexts):
    """A phone logged in as ``staff``, JavaScript on (as these walks were written)."""
    return staff_phone(chromium, live_server, staff, contexts, javascript=True)


def _report(live_server, category: str) -> dict:
    body = {
        "category": category,
        "account": "Synthetic.",
        "police": "no",
        "reporter": "parent",
        "consent_understood": True,
        "district": "PK614",
    }
    return (
        Client()
        .post("/api/v1/reports", data=json.dumps(body), content_type="application/json")
        .json()
    )


def _custody(page, custody: str, basis: str) -> None:
    page.select_option("#custody", custody)
    page.fill("#basis", basis)
    submit(page, "#custody-button")
    assert page.locator("#action-done").count() == 1, page.inner_text("main")[:500]


def _stage(page, stage: str, reason: str = "") -> None:
    page.select_option("#stage", stage)
    page.fill("#stage_reason", reason)
    submit(page, "#stage-button")
    assert page.locator("#action-done").count() == 1, page.inner_text("main")[:500]


@pytest.fixture
def people(make_staff, geography):
    from nigraan.cases.models import Service

    Service.objects.create(
        code="demo-kasur-medical",
        district_id="PK614",
        kind="medical",
        name="Demo hospital (synthetic)",
    )
    return {
        "sup": make_staff("sup.kasur", "supervisor", district="PK614"),
        "cw": make_staff("cw.kasur", "case_worker", district="PK614"),
        "police": make_staff("police.kasur", "police_liaison", district="PK614"),
        "pros": make_staff("pros.kasur", "prosecutor", district="PK614"),
        "oversight": make_staff("oversight.punjab", "oversight", province="PK6"),
    }


def test_a_case_from_report_to_conviction_through_the_staff_pages(
    live_server, chromium, people, fixed_clock, contexts
):
    ref = _report(live_server, "sexual_abuse")["case"]
    url = f"{live_server.url}/en/staff/cases/{ref}/"
    sup = _as(chromium, live_server, people["sup"], contexts)
    sup.goto(url)
    _stage(sup, "triaged")
    fixed_clock.advance(minutes=20)
    sup.select_option("#owner", "cw.kasur")
    submit(sup, "#assign-button")
    sup.select_option("#service", "demo-kasur-medical")
    submit(sup, "#refer-button")
    submit(sup, "#referral-button")  # accepted
    assert "accepted" in sup.inner_text("#referrals")
    police = _as(chromium, live_server, people["police"], contexts)
    fixed_clock.advance(hours=2)
    police.goto(url)
    _stage(police, "medical_examination")
    _stage(police, "fir_registered", "FIR 101/2026 (synthetic)")
    police.fill("#accused_name", "Demo Accused")
    police.select_option("#relation", "neighbour")
    submit(police, "#add-accused-button")
    police.select_option("#custody", "arrested")
    police.fill("#basis", "Arrested under FIR 101/2026 (synthetic)")
    submit(police, "#custody-button")
    police.select_option("#offence", "PK.PPC.376.3")
    submit(police, "#charge-button")
    assert "PK.PPC.376.3" in police.inner_text("#charges")
    fixed_clock.advance(hours=6)  # before a magistrate within 24 h of the arrest: physical remand
    _custody(police, "physical_remand", "Remand order of the magistrate (synthetic)")
    fixed_clock.advance(days=10)  # out of police custody within 15 days in all: judicial remand
    _custody(police, "judicial_remand", "Sent to jail by the magistrate (synthetic)")
    _stage(police, "investigation")
    pros = _as(chromium, live_server, people["pros"], contexts)
    fixed_clock.advance(days=5)
    pros.goto(url)
    _stage(pros, "challan_submitted")
    fixed_clock.advance(days=20)
    _stage(pros, "trial")
    fixed_clock.advance(days=30)
    pros.fill("#hearing_on", fixed_clock.current.date().isoformat())
    pros.fill("#hearing_next", (fixed_clock.current.date() + dt.timedelta(days=30)).isoformat())
    submit(pros, "#hearing-button")
    assert pros.locator("#action-done").count() == 1, pros.inner_text("main")[:500]
    fixed_clock.advance(days=30)
    assert "statutory bail" in pros.inner_text(
        "#deadlines"
    )  # the bail clock is shown long before it runs out
    pros.select_option("#outcome", "conviction")
    submit(pros, "#verdict-button")
    assert pros.locator("#action-done").count() == 1, pros.inner_text("main")[:500]
    assert "Conviction" in pros.inner_text("#court")
    assert sweep() == 0  # every deadline was met in time
    timeline = pros.inner_text("#timeline")
    for words in (
        "Report received",
        "Assigned",
        "Medical examination",
        "FIR registered",
        "Accused person recorded",
        "Referred to a service",
        "Referral answered",
        "Charge recorded",
        "Charge sheet (challan) submitted",
        "Trial",
        "Hearing recorded",
        "Outcome recorded",
        "Conviction",
        "Custody changed",
    ):
        assert words in timeline, words
    assert "Deadline missed" not in timeline
    assert "convicted" in pros.inner_text("#accused")


def test_fir_refused_escalates_to_provincial_oversight(
    live_server, chromium, people, fixed_clock, contexts
):
    ref = _report(live_server, "missing_child")["case"]
    url = f"{live_server.url}/en/staff/cases/{ref}/"
    police = _as(chromium, live_server, people["police"], contexts)
    fixed_clock.advance(minutes=40)
    police.goto(url)
    _stage(police, "fir_refused", "Station declined to register (synthetic)")
    for hours in (2, 2, 2):  # the missing-child FIR deadline: due at 2 h, then every 2 h
        fixed_clock.advance(hours=hours)
        sweep()
    oversight = _as(chromium, live_server, people["oversight"], contexts)
    oversight.goto(f"{live_server.url}/en/staff/")
    assert ref in oversight.inner_text("#notices")  # told, not just listed
    overdue = oversight.inner_text("#overdue-list")
    assert (
        ref in overdue
        and "An FIR is registered for a missing child" in overdue
        and "escalated 3×" in overdue
    )
    oversight.goto(url)
    timeline = oversight.inner_text("#timeline")
    assert "FIR refused" in timeline
    assert "An FIR is registered for a missing child: escalated to Oversight (3×)" in timeline
    assert oversight.locator("#stage-button").count() == 0  # oversight is read-only
