"""Labels, not codes, on the staff pages in both languages: a district by its name (not "Kasur
(PK614)"), a press incident's offence, the accused's relation, the police action and the fields
its sources disagree on in words, a part of the system by what staff call it (not
"system:deadlines"). Codes stay in the forms' values, which nobody reads."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.sweep import sweep
from nigraan.media.models import Incident
from nigraan.notify.models import StaffNotice
from nigraan.notify.notice_words import Notice
from nigraan.notify.notices import notice_rows
from personas import KASUR, Personas

pytestmark = pytest.mark.django_db
WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
# What a code looks like: a P-code, a system actor, a snake_case word.
CODE = re.compile(r"\bPK\d{2,}\b|\bsystem:|\b[a-z]+_[a-z_]+\b")


def _visible(page: str) -> str:
    """The text a reader sees: no tags or attributes, no script or style."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _incident() -> Incident:
    now = clock.now()
    return Incident.objects.create(
        status=Incident.Status.NEEDS_REVIEW,
        offence="attempted_rape",
        victims=1,
        victim_genders=["female"],
        district="Kasur",
        province="Punjab",
        district_code=KASUR,
        perpetrator_relation="teacher_or_cleric",
        police_action="refused_or_delayed",
        disagreements=["offence", "district_code"],
        first_reported_on=now.date(),
        last_reported_on=now.date(),
        created_at=now,
        updated_at=now,
    )


@pytest.fixture
def pages(personas: Personas, fixed_clock) -> tuple[Personas, int, str]:
    people = personas.ensure("cw", "sup", "dco", "oversight")
    case = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        district_code=KASUR,
        report={"in_danger_now": True, "contact": "none"},
    )
    commands.assign_case(people["sup"], case.ref, owner_username="cw.kasur", reason="on duty")
    commands.open_case(  # an unplaced report, for the triage queue
        WEB,
        channel="web",
        category="harassment",
        district_code=None,
        province_code="PK6",
        report={"in_danger_now": False, "contact": "none"},
    )
    fixed_clock.advance(days=2)
    sweep(clock.now())  # missed deadlines escalate: "the deadline clock" on the timeline
    notice = Notice("new_report", {"ref": case.ref})
    staff_ids = [people[who].pk for who in ("sup", "dco", "oversight")]
    StaffNotice.objects.bulk_create(notice_rows(staff_ids, case.pk, notice))
    return people, _incident().pk, case.ref


@pytest.mark.parametrize("who", ["sup", "dco", "oversight"])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_staff_pages_show_labels_not_codes(pages, language, who):
    people, incident, ref = pages
    browser = Client()
    browser.force_login(people[who])
    for path in (
        f"/staff/board/?district={KASUR}",
        "/staff/services/",
        "/staff/",
        "/staff/mine/",
        "/staff/overdue/",
        "/staff/summary/",
        "/staff/triage/",
        "/staff/notices/",
        "/staff/press/?status=needs_review",
        f"/staff/press/{incident}/",
        "/staff/press/unlinked/",
        "/staff/press/figures/",
        f"/staff/cases/{ref}/",
    ):
        answer = browser.get(f"/{language}{path}")
        if answer.status_code == 404:  # a page this role has not (a press incident)
            continue
        assert answer.status_code == 200, path
        codes = set(CODE.findall(_visible(answer.content.decode())))
        assert not codes, f"{path} ({language}) shows codes: {sorted(codes)}"


def test_the_press_incident_reads_in_words_in_urdu(pages):
    people, incident, _ref = pages
    browser = Client()
    browser.force_login(people["dco"])
    page = _visible(browser.get(f"/ur/staff/press/{incident}/").content.decode())
    assert "قصور" in page and "Kasur" not in page
    raw = browser.get(f"/ur/staff/press/{incident}/").content.decode()
    assert 'value="teacher_or_cleric" selected' in raw  # the code stays in the form's value
    english = _visible(browser.get(f"/en/staff/press/{incident}/").content.decode())
    assert "Teacher or cleric" in english and "Attempted rape" in english
    assert "The sources disagree on: Offence, District" in " ".join(english.split())
