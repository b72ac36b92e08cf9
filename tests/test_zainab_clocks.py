"""The Zainab Act's clocks on a missing-child case (issue 14): an FIR within 2 hours and the
police in contact with the complainant within 24 hours of the complaint, as rules in
rules/deadlines.yaml that escalate like the others; the contact is recorded as an event through
the case command path; the case page's alert section shows both clocks; the public alert page
says what the Act requires."""

from __future__ import annotations

import pytest
from django.test import Client

from nigraan.alerts import workflow
from nigraan.cases import commands, rules
from nigraan.cases.commands import CommandRefused
from nigraan.cases.models import Deadline
from nigraan.cases.sweep import sweep
from nigraan.ledger.models import Event
from personas import KASUR, Personas
from test_alerts_workflow import all_yes, draft_fields

CONTACT = "missing_child_police_contact"


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco", "police")


def _missing_child(people, category: str = "missing_child") -> str:
    case = commands.open_case(
        people["op"], channel="helpline", category=category, district_code=KASUR
    )
    return case.ref


def _escalations(ref: str, rule_id: str) -> list[tuple[int, str]]:
    rows = Event.objects.filter(case_ref=ref, kind="case.deadline_escalated").order_by("seq")
    return [(e.data["level"], e.data["to"]) for e in rows if e.data["deadline"] == rule_id]


def test_no_police_contact_in_24_hours_escalates_every_6_hours(people, fixed_clock):
    ref = _missing_child(people)
    clock_row = Deadline.objects.get(case__ref=ref, rule_id=CONTACT)
    assert (clock_row.due_at - clock_row.started_at).total_seconds() == 24 * 3600
    fixed_clock.advance(hours=23, minutes=59)
    sweep()
    assert _escalations(ref, CONTACT) == []
    fixed_clock.advance(minutes=2)
    sweep()
    assert _escalations(ref, CONTACT) == [(1, "supervisor")]
    fixed_clock.advance(hours=6)
    sweep()
    assert _escalations(ref, CONTACT)[-1] == (2, "district_officer")
    commands.record_police_contact(people["police"], ref, how="phone")
    fixed_clock.advance(days=2)
    sweep()
    assert len(_escalations(ref, CONTACT)) == 2  # met: no more
    met = Deadline.objects.get(case__ref=ref, rule_id=CONTACT)
    assert met.met_at is not None and met.met_at > met.due_at and met.level == 2


def test_police_contact_in_time_meets_the_clock_and_is_said_once(people, fixed_clock):
    ref = _missing_child(people)
    fixed_clock.advance(hours=5)
    commands.record_police_contact(people["cw"], ref, how="visit")
    met = Deadline.objects.get(case__ref=ref, rule_id=CONTACT)
    assert met.met_at is not None and met.met_at <= met.due_at
    assert Event.objects.get(case_ref=ref, kind="case.police_contacted").data == {"how": "visit"}
    with pytest.raises(CommandRefused):
        commands.record_police_contact(people["cw"], ref, how="visit")
    with pytest.raises(CommandRefused):
        commands.record_police_contact(people["cw"], _missing_child(people), how="by owl")
    other = _missing_child(people, category="sexual_abuse")
    assert not Deadline.objects.filter(case__ref=other, rule_id=CONTACT).exists()
    with pytest.raises(CommandRefused):
        commands.record_police_contact(people["cw"], other, how="phone")


def test_the_case_page_shows_both_clocks_and_records_the_contact(people, fixed_clock):
    ref = _missing_child(people)
    client = Client()
    client.force_login(people["police"])
    url = f"/en/staff/cases/{ref}/"
    fixed_clock.advance(hours=3)
    sweep()
    page = client.get(url).content.decode()
    assert 'id="act-clock-missing_child_fir"' in page and f'id="act-clock-{CONTACT}"' in page
    section = page[page.index('id="case-act-clocks"') :]
    assert "overdue" in section and "escalated 1×" in section  # the FIR, 3 h after the report
    assert 'id="police-contact-form"' in section
    page = client.post(url, {"action": "police_contact", "how": "station"}).content.decode()
    section = page[page.index('id="case-act-clocks"') :]
    assert 'id="police-contact-form"' not in section
    contact = section[section.index(f'id="act-clock-{CONTACT}"') :]
    assert contact.index("met") < contact.index("</li>")
    urdu = client.get(f"/ur/staff/cases/{ref}/").content.decode()
    assert "لاپتہ بچے کی اطلاع دینے والے سے رابطہ" in urdu


def test_the_public_alert_page_says_what_the_act_requires(people, fixed_clock):
    ref = _missing_child(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    row = workflow.approve_alert(people["sup"], ref, all_yes())
    for lang, words in (("en", "within 2 hours"), ("ur", "2 گھنٹے")):
        page = Client().get(f"/{lang}/alerts/{row.reference}/").content.decode()
        assert 'id="zainab-act"' in page and words in page
        assert ref not in page  # the case's reference is never public


def test_a_rules_file_with_an_unknown_contact_milestone_is_refused(rules_copy):
    path = rules_copy / "deadlines.yaml"
    path.write_text(path.read_text().replace("contact:police", "contact:nobody"))
    with pytest.raises(rules.RulesInvalid, match="contact:nobody"):
        rules.load_rules(rules_copy)
