"""Helpline receipts (issue 11): the operator who took a call saw the receipt and could read the
conversation with it, the code never rotated; a second login with a receipt code left the first
session valid; and a reporter's message containing their own receipt was accepted and shown to
staff."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from nigraan.cases.commands import reporter_conversation

pytestmark = pytest.mark.django_db

REPORT = {
    "category": "harassment",
    "account": "A synthetic account for testing.",
    "police": "no",
    "reporter": "parent",
    "consent_understood": True,
    "district": "PK614",
    "age_band": "10-14",
    "gender": "female",
    "contact": "none",
}


@pytest.fixture
def filed(client, geography):
    answer = client.post(
        "/api/v1/reports", data=json.dumps(REPORT), content_type="application/json"
    )
    assert answer.status_code == 201
    return answer.json()


def _login(code: str) -> Client:
    browser = Client()
    assert browser.post("/en/follow-up/", {"code": code}).status_code == 302
    assert browser.get("/en/follow-up/case/").status_code == 200
    return browser


def test_a_second_login_with_the_code_ends_the_first_session(filed):
    first = _login(filed["receipt"])
    second = _login(filed["receipt"])
    gone = first.get("/en/follow-up/case/")
    assert gone.status_code == 302 and gone["Location"] == "/en/follow-up/"
    assert first.get("/en/follow-up/proof/").status_code == 302
    assert second.get("/en/follow-up/case/").status_code == 200
    # Using the code through the API is a login too.
    Client().post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": filed["receipt"]}),
        content_type="application/json",
    )
    assert second.get("/en/follow-up/case/").status_code == 302


@pytest.mark.parametrize(
    "shape",
    [
        lambda c: c,
        lambda c: " ".join(c[i : i + 4] for i in range(0, 20, 4)),
        lambda c: "-".join(c[i : i + 4] for i in range(0, 20, 4)),
        lambda c: c.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
    ],
)
def test_a_message_containing_a_receipt_code_is_refused(filed, shape):
    text = f"My code is {shape(filed['receipt'])}, please call."
    answer = Client().post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": filed["receipt"], "message": text}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "looks like a receipt code" in answer.json()["error"]
    assert reporter_conversation(filed["case"]) == []


def test_the_refusal_is_shown_in_english_and_urdu(filed):
    for lang, words in (("en", "looks like a receipt code"), ("ur", "رسید")):
        browser = Client()
        browser.post(f"/{lang}/follow-up/", {"code": filed["receipt"]})
        page = browser.post(
            f"/{lang}/follow-up/case/", {"text": f"code {filed['receipt']}", "purpose": "message"}
        )
        assert page.status_code == 400
        assert words in page.content.decode()
    assert reporter_conversation(filed["case"]) == []


def test_phone_numbers_and_short_numbers_still_go_through(filed):
    text = "Call 0300 1234567 or 03007654321 after 5 pm; FIR 123/2026."
    answer = Client().post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": filed["receipt"], "message": text}),
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert [m[1] for m in reporter_conversation(filed["case"])] == [text]


HELPLINE_CALL = {
    "submission": "call-rotate",
    "category": "harassment",
    "account": "Synthetic: a caller reports a neighbour.",
    "when": "unknown",
    "province": "PK6",
    "district": "PK614",
    "age_band": "10-14",
    "gender": "female",
    "abuser_relation": "unknown",
    "police": "no",
    "reporter": "parent",
    "contact": "none",
    "consent_understood": "on",
}


@pytest.fixture
def helpline_code(geography, make_staff) -> str:
    """The code the operator read out to the caller (and so saw)."""
    operator = Client()
    operator.force_login(make_staff("op.rotate", "helpline_operator", district="PK614"))
    page = operator.post("/en/staff/helpline/", HELPLINE_CALL)
    assert page.status_code == 200, page.content
    return page.content.decode().split('id="receipt-code" dir="ltr">')[1].split("<")[0]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def test_a_helpline_receipt_is_replaced_at_the_first_login(helpline_code):
    reporter = Client()
    page = reporter.post("/en/follow-up/", {"code": helpline_code})
    assert page.status_code == 200 and "Your receipt code has changed" in page.content.decode()
    new = _digits(page.content.decode().split('id="new-receipt-code" dir="ltr">')[1].split("<")[0])
    assert len(new) == 20 and new != _digits(helpline_code)
    assert reporter.get("/en/follow-up/case/").status_code == 200
    # The operator's copy is dead; the new code works, and is not replaced again.
    stale = Client().post("/en/follow-up/", {"code": helpline_code})
    assert stale.status_code == 400
    again = Client().post("/en/follow-up/", {"code": new})
    assert again.status_code == 302


def test_the_api_gives_the_new_code_once(helpline_code):
    first = (
        Client()
        .post(
            "/api/v1/follow-up",
            data=json.dumps({"receipt": helpline_code}),
            content_type="application/json",
        )
        .json()
    )
    assert first["new_receipt"] and len(first["new_receipt"]) == 20
    second = (
        Client()
        .post(
            "/api/v1/follow-up",
            data=json.dumps({"receipt": first["new_receipt"]}),
            content_type="application/json",
        )
        .json()
    )
    assert second["new_receipt"] is None and second["case"] == first["case"]


def test_web_and_api_reports_keep_their_code(filed):
    answer = Client().post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": filed["receipt"]}),
        content_type="application/json",
    )
    assert answer.json()["new_receipt"] is None


def test_the_new_code_page_is_in_urdu_too(helpline_code):
    page = Client().post("/ur/follow-up/", {"code": helpline_code}).content.decode()
    assert "آپ کا رسید کوڈ بدل گیا ہے" in page and 'id="new-receipt-code"' in page


def test_each_login_shows_when_the_code_was_last_used(filed, fixed_clock):
    first = (
        Client()
        .post(
            "/api/v1/follow-up",
            data=json.dumps({"receipt": filed["receipt"]}),
            content_type="application/json",
        )
        .json()
    )
    assert first["previous_login"] is None
    used_at = fixed_clock.current
    fixed_clock.advance(hours=5)
    reporter = Client()
    reporter.post("/en/follow-up/", {"code": filed["receipt"]})
    page = reporter.get("/en/follow-up/case/").content.decode()
    assert 'id="previous-login"' in page and "If that was not you" in page
    fixed_clock.advance(hours=1)
    later = (
        Client()
        .post(
            "/api/v1/follow-up",
            data=json.dumps({"receipt": filed["receipt"]}),
            content_type="application/json",
        )
        .json()
    )
    assert later["previous_login"].startswith(
        (used_at + dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H")
    )
    urdu = Client()
    urdu.post("/ur/follow-up/", {"code": filed["receipt"]})
    assert "آخری بار" in urdu.get("/ur/follow-up/case/").content.decode()
