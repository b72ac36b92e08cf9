"""Helpline receipts (issue 11): a second login with a receipt code left the first session valid,
so an operator who saw the code could read along unnoticed; and a reporter's message containing
their own receipt was accepted and shown to staff."""

from __future__ import annotations

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
