"""Never dropped, by every way in: each answer a reporter (or a helpline operator for a caller)
gives is stored and reaches the case page, or the report is refused with a message naming it —
on the public web form, the API and the helpline form alike. "Is a child in danger now?" left
unanswered on the API or the helpline form is kept as "not answered", never as "no" (the public
form refuses it: tests/test_public_safety.py).

The expected rows come from tests/test_report_whole.py, which checks that they cover every form
field (``test_the_expectations_cover_every_form_field``)."""

from __future__ import annotations

import json
import re
import secrets

import pytest
from django.test import Client

from nigraan.cases.models import Case
from nigraan.intake.report_fields import BRANCHES, CONDITIONAL_FIELDS
from nigraan.intake.steps import BOOLEAN_FIELDS, LAST
from test_contradictions import TYPED
from test_report_whole import EXPECTED, PROTECTED, _row, _scenarios

pytestmark = pytest.mark.django_db
CHANNELS = ["web", "api", "helpline"]


def _as_json(answers: dict[str, str]) -> dict[str, object]:
    """The answers as a partner's JSON: yes/no as booleans."""
    return {k: (v == "1" if k in BOOLEAN_FIELDS else v) for k, v in answers.items()}


def _send(channel: str, answers: dict[str, str], personas) -> tuple[int, str]:
    """Send by one channel; the status and the answer's text."""
    token = secrets.token_urlsafe(8)
    if channel == "web":
        form = {**answers, "step": str(LAST), "submission": token}
        response = Client().post("/en/report/", form)
    elif channel == "api":
        response = Client().post(
            "/api/v1/reports", data=json.dumps(_as_json(answers)), content_type="application/json"
        )
    else:
        operator = Client()
        operator.force_login(personas["op"])
        response = operator.post("/en/staff/helpline/", {**answers, "submission": token})
    return response.status_code, response.content.decode()


def _new_case(channel: str, answers: dict[str, str], personas) -> Case:
    before = set(Case.objects.values_list("ref", flat=True))
    status, text = _send(channel, answers, personas)
    assert status in (200, 201), text[:1500]
    (ref,) = set(Case.objects.values_list("ref", flat=True)) - before
    return Case.objects.get(ref=ref)


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_answer_reaches_the_case_page_by_every_channel(geography, personas, channel):
    worker = Client()
    worker.force_login(personas["cw"])
    for answers in _scenarios():
        case = _new_case(channel, answers, personas)
        assert case.channel == channel
        url = f"/en/staff/cases/{case.ref}/"
        page = worker.get(url).content.decode()
        after_read = worker.post(url, {"reason": "working the case"}).content.decode()
        for field in answers:
            shown = _row(after_read if field in PROTECTED else page, field)
            assert EXPECTED[field](answers) in shown, (channel, field, shown)


@pytest.mark.parametrize("channel", ["api", "helpline"])
@pytest.mark.parametrize("field", sorted(set(CONDITIONAL_FIELDS) - {"ago_unit"}))
def test_an_answer_typed_in_a_branch_not_chosen_is_refused_by_name(
    geography, personas, channel, field
):
    selector = CONDITIONAL_FIELDS[field]
    other = next(v for v, fields in BRANCHES[selector].items() if field not in fields)
    answers = {**_scenarios()[1], selector: str(other), field: TYPED[field]}
    for name in ("ago_amount", "ago_unit", "email", "phone", "when_date"):
        if name != field and name in answers and name not in BRANCHES[selector].get(other, ()):
            answers.pop(name)
    status, text = _send(channel, answers, personas)
    assert status in (400, 422), (status, text[:800])
    if channel == "api":
        assert field in json.loads(text)["fields"]
    else:
        assert f'id="error-{field}"' in text and "or clear this answer" in text
    assert not Case.objects.exists()


@pytest.mark.parametrize("channel", ["api", "helpline"])
def test_danger_now_not_answered_is_kept_as_not_answered_never_as_no(geography, personas, channel):
    answers = {k: v for k, v in _scenarios()[1].items() if k != "in_danger_now"}
    case = _new_case(channel, answers, personas)
    assert case.report["in_danger_now"] is None
    worker = Client()
    worker.force_login(personas["cw"])
    page = worker.get(f"/en/staff/cases/{case.ref}/").content.decode()
    assert "Not answered" in _row(page, "in_danger_now")
    no = _new_case(channel, {**answers, "in_danger_now": "0"}, personas)
    assert no.report["in_danger_now"] is False  # "no" said is "no" stored
    page = worker.get(f"/ur/staff/cases/{case.ref}/").content.decode()
    assert not re.search(r"Not answered|None", _row(page, "in_danger_now"))
