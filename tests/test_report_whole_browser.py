"""Walk (a) of issue 10 whole, in headless Chromium with JavaScript off on 360-pixel phones,
English and Urdu: a reporter fills every question of the public form (each step in turn), sends
it from the review step, and the district's case worker, on their own phone, sees every answer on
the case page — the protected ones after a read with a reason. The field list comes from the
form's own steps; the English expectations from tests/test_report_whole.py."""

from __future__ import annotations

import re

import pytest

from browser_support import fits_a_phone, phone, press, shot, staff_phone
from nigraan.cases.models import Case
from nigraan.intake.steps import STEPS
from test_report_whole import EXPECTED, PROTECTED, ROW, _scenarios

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODES = ("police_or_official", "refused_or_nothing", "harassment", "parent", "10-14", "female")


def _answer(page, name: str, value: str) -> None:
    field = page.locator(f"[name={name}]").first
    kind = field.evaluate("e => e.tagName === 'SELECT' ? 'select' : (e.type || 'text')")
    if kind == "radio":
        page.check(f"input[name={name}][value='{value}']")
    elif kind == "checkbox":
        if value == "1":
            page.check(f"input[name={name}]")
    elif kind == "select":
        page.select_option(f"select[name={name}]", value)
    else:
        page.fill(f"[name={name}]", value)


def _fill_every_step(page, answers: dict[str, str]) -> None:
    for _, fields in STEPS[:-1]:
        for name in fields:
            if name in answers:
                _answer(page, name, answers[name])
        press(page, "#next")
        assert page.locator(".field-error, [id^=error-]").count() == 0, page.inner_text("main")


def _row(page, field: str) -> str:
    return page.inner_text(f"#answer-{ROW.get(field, field)}")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_answer_typed_in_the_browser_reaches_the_case_worker(
    live_server, chromium, personas, contexts, language
):
    personas.ensure("cw")
    answers = _scenarios()[0]
    assert set(answers) >= {n for _, fields in STEPS for n in fields} - {
        "email",
        "ago_amount",
        "ago_unit",
    }
    reporter = phone(chromium, contexts)
    reporter.goto(f"{live_server.url}/{language}/report/")
    _fill_every_step(reporter, answers)
    assert fits_a_phone(reporter)  # the review step
    press(reporter, "#next")
    assert reporter.locator("#receipt-code").count() == 1
    ref = Case.objects.get().ref

    worker = staff_phone(chromium, live_server, personas["cw"], contexts)
    worker.goto(f"{live_server.url}/{language}/staff/cases/{ref}/")
    for field in PROTECTED & set(answers):
        assert answers[field] not in worker.content(), field
    worker.fill("#reason", "working the case")
    press(worker, "form:has(#reason) button[type=submit]")
    assert fits_a_phone(worker)
    shot(worker, f"walk-a-case-{language}")
    for field, value in answers.items():
        shown = _row(worker, field)
        if language == "en":
            assert EXPECTED[field](answers) in shown, (field, shown)
        elif field in PROTECTED or field == "when_date" or field == "phone":
            assert value in shown, (field, shown)
        else:
            assert shown.strip() and not re.search(r"[A-Za-z_]{3,}", shown), (field, shown)
    section = worker.inner_text("#report-answers")
    assert not [code for code in CODES if code in section]
