"""The report, whole, on the staff case page: every answer the public form accepts reaches the case
worker, under the question's words, in the page's language, never as a raw code; the answers that
identify someone only after a read with a reason (itself an event).

The list of fields comes from the form itself (``ReportFields`` and the form's steps): a field
added to the form without a way to show it fails ``test_the_expectations_cover_every_form_field``.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from nigraan import clock
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import AgeBand, Category, Gender
from nigraan.geo.models import District, Province
from nigraan.intake.report_fields import ReportFields
from nigraan.intake.steps import ALL_FIELDS, LAST
from nigraan.intake.vocabulary import AbuserRelation, ContactMethod, PoliceStatus, ReporterRelation
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

Answers = dict[str, str]


def _yes_no(name: str) -> Callable[[Answers], str]:
    return lambda a: "Yes" if a.get(name) == "1" else "No"


def _label(choices, name: str) -> Callable[[Answers], str]:
    return lambda a: str(dict(choices.choices)[a[name]])


def _district(a: Answers) -> str:
    return District.objects.get(code=a["district"]).name_en


def _province(a: Answers) -> str:
    district = District.objects.get(code=a["district"])
    return Province.objects.get(code=district.province_id).name_en


# What the case page shows for each form field's answer (English), written independently of the
# page's own code. Protected answers are shown only after a read with a reason.
EXPECTED: dict[str, Callable[[Answers], str]] = {
    "in_danger_now": _yes_no("in_danger_now"),
    "category": _label(Category, "category"),
    "account": lambda a: a["account"],
    "when": lambda a: {"date": "On ", "about": "About ", "unknown": "I don't know"}[a["when"]],
    "when_date": lambda a: a["when_date"],
    "ago_amount": lambda a: f"About {a['ago_amount']} ",
    "ago_unit": lambda a: f"{a['ago_unit']} ago",
    "province": _province,
    "district": _district,
    "place": lambda a: a["place"],
    "age_band": _label(AgeBand, "age_band"),
    "gender": _label(Gender, "gender"),
    "abuser_relation": _label(AbuserRelation, "abuser_relation"),
    "police": _label(PoliceStatus, "police"),
    "reporter": _label(ReporterRelation, "reporter"),
    "contact": _label(ContactMethod, "contact"),
    "phone": lambda a: a["phone"],
    "email": lambda a: a["email"],
    "wants_woman": _yes_no("wants_woman"),
    "consent_share_police": _yes_no("consent_share_police"),
    "consent_share_services": _yes_no("consent_share_services"),
    "consent_understood": lambda a: "Yes",
}
PROTECTED = {"account", "place", "phone", "email"}
ROW = {"when_date": "when", "ago_amount": "when", "ago_unit": "when"}


def _scenarios() -> list[Answers]:
    ten_days_ago = (timezone.localdate(clock.now()) - dt.timedelta(days=10)).isoformat()
    return [
        {
            "in_danger_now": "1",
            "category": "harassment",
            "account": "Synthetic account, words alpha",
            "when": "date",
            "when_date": ten_days_ago,
            "province": "PK6",
            "district": "PK614",
            "place": "Near the green gate, alpha",
            "age_band": "10-14",
            "gender": "female",
            "abuser_relation": "police_or_official",
            "police": "refused_or_nothing",
            "reporter": "parent",
            "contact": "phone",
            "phone": "0300 1234567",
            "wants_woman": "1",
            "consent_share_police": "1",
            "consent_share_services": "1",
            "consent_understood": "1",
        },
        {
            "in_danger_now": "0",
            "category": "online_abuse",
            "account": "Synthetic account, words beta",
            "when": "about",
            "ago_amount": "3",
            "ago_unit": "weeks",
            "district": "PK614",
            "age_band": "5-9",
            "gender": "male",
            "abuser_relation": "teacher_or_cleric",
            "police": "fir_registered",
            "reporter": "self",
            "contact": "email",
            "email": "reporter.beta@example.org",
            "wants_woman": "",
            "consent_share_police": "",
            "consent_share_services": "",
            "consent_understood": "1",
        },
    ]


def _submit_by_form(answers: Answers) -> str:
    """Send the answers as the public form's last step does; the new case's reference."""
    before = set(Case.objects.values_list("ref", flat=True))
    response = Client().post(
        "/en/report/", {**answers, "step": str(LAST), "submission": secrets.token_urlsafe(8)}
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    (ref,) = set(Case.objects.values_list("ref", flat=True)) - before
    return ref


def _row(html: str, field: str) -> str:
    match = re.search(rf'<dd id="answer-{ROW.get(field, field)}">(.*?)</dd>', html, re.S)
    assert match, f"no row on the case page for the form field {field!r}"
    return re.sub(r"<[^>]+>|\u2068|\u2069", "", match.group(1))


def _report_section(html: str) -> str:
    """The visible text of the page's report section."""
    start = html.index('id="report-answers"')
    return re.sub(r"<[^>]+>", " ", html[html.index(">", start) : html.index("</dl>", start)])


def test_the_expectations_cover_every_form_field():
    assert set(EXPECTED) == set(ReportFields.model_fields)
    assert set(EXPECTED) == set(ALL_FIELDS) - {"submission"}


def test_every_answer_the_form_accepts_reaches_the_case_page(geography, personas):
    worker = Client()
    worker.force_login(personas["cw"])
    shown: set[str] = set()
    for answers in _scenarios():
        ref = _submit_by_form(answers)
        page = worker.get(f"/en/staff/cases/{ref}/").content.decode()
        read = worker.post(f"/en/staff/cases/{ref}/", {"reason": "working the case"})
        after_read = read.content.decode()
        for field in answers:
            expected = EXPECTED[field](answers)
            if field in PROTECTED:
                assert answers[field] not in page, field
                assert "Protected" in _row(page, field), field
                assert expected in _row(after_read, field), (field, _row(after_read, field))
            else:
                assert expected in _row(page, field), (field, expected, _row(page, field))
            shown.add(field)
        assert Event.objects.filter(case_ref=ref, kind="case.protected_read").count() == 1
    assert shown == set(ReportFields.model_fields)


def test_the_answers_that_need_attention_are_marked(geography, personas):
    ref = _submit_by_form(_scenarios()[0])
    worker = Client()
    worker.force_login(personas["cw"])
    page = worker.get(f"/en/staff/cases/{ref}/").content.decode()
    for field in ("in_danger_now", "wants_woman", "police", "abuser_relation"):
        row = re.search(rf'<dd id="answer-{field}">(.*?)</dd>', page, re.S)
        assert row and 'class="tag warn"' in row.group(1), field


def test_in_urdu_the_answers_are_in_urdu_and_no_code_shows(geography, personas):
    answers = _scenarios()[0]
    ref = _submit_by_form(answers)
    worker = Client()
    worker.force_login(personas["cw"])
    section = _report_section(worker.get(f"/ur/staff/cases/{ref}/").content.decode())
    for code in ("police_or_official", "refused_or_nothing", "harassment", "parent", "phone"):
        assert code not in section, code
    assert "پولیس یا کوئی سرکاری اہلکار" in section  # "Police or an official"
    assert "Protected" not in section and "Yes" not in section  # the page's own words too


def test_a_case_opened_without_the_form_says_what_was_not_recorded(geography, personas):
    from nigraan.cases import commands

    case = commands.open_case(
        personas["op"], channel="helpline", category="harassment", district_code="PK614"
    )
    worker = Client()
    worker.force_login(personas["cw"])
    page = worker.get(f"/en/staff/cases/{case.ref}/").content.decode()
    assert "Not recorded" in _row(page, "wants_woman")
    assert "Not recorded" in _row(page, "consent_share_police")
