"""Bad input on the public form is refused whole, with a message in the page's language, keeping
what the person typed; nothing is half-saved."""

from __future__ import annotations

import pytest
from django.test import Client

from nigraan.cases.models import Case
from nigraan.intake.models import Receipt
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

COMPLETE = {
    "submission": "test-submission-1",
    "in_danger_now": "0",
    "category": "harassment",
    "account": "A synthetic account.",
    "when": "unknown",
    "province": "PK6",
    "district": "PK614",
    "place": "",
    "age_band": "unknown",
    "gender": "unknown",
    "abuser_relation": "unknown",
    "police": "no",
    "reporter": "parent",
    "contact": "none",
    "consent_understood": "1",
    "step": "7",
}


def _nothing_saved() -> bool:
    return Case.objects.count() == 0 and Event.objects.count() == 0 and Receipt.objects.count() == 0


def test_a_complete_form_gives_a_receipt_once_even_if_posted_twice(client, geography):
    first = client.post("/en/report/", COMPLETE)
    second = client.post("/en/report/", COMPLETE)
    assert first.status_code == second.status_code == 200
    assert "Your report was received" in first.content.decode()
    assert Case.objects.count() == 1
    grab = lambda r: r.content.decode().split('id="receipt-code" dir="ltr">')[1].split("<")[0]  # noqa: E731
    assert grab(first) == grab(second)


@pytest.mark.parametrize(
    "language,change,field,message",
    [
        ("en", {"account": ""}, "account", "Please tell us in a few words what happened."),
        ("ur", {"account": ""}, "account", "براہ کرم چند الفاظ میں بتائیں کہ کیا ہوا۔"),
        ("en", {"account": "x" * 1_000_000}, "account", "This is too long"),
        ("en", {"district": "PK999"}, "district", "Please choose a district from the list"),
        (
            "en",
            {"when": "date", "when_date": "2999-01-01"},
            "when_date",
            "This date is in the future.",
        ),
        (
            "ur",
            {"when": "date", "when_date": "2999-01-01"},
            "when_date",
            "یہ تاریخ آنے والے وقت کی ہے۔",
        ),
        ("en", {"consent_understood": ""}, "consent_understood", "Please confirm"),
        ("en", {"contact": "phone", "phone": "none"}, "phone", "Please give a phone number"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, geography, language, change, field, message
):
    response = client.post(f"/{language}/report/", {**COMPLETE, **change})
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="error-{field}"' in page and message in page
    assert _nothing_saved()


def test_what_the_person_typed_is_kept_after_a_refusal(client, geography):
    response = client.post(
        "/en/report/", {**COMPLETE, "district": "PK999", "account": "Kept text (synthetic)."}
    )
    assert "Kept text (synthetic)." in response.content.decode()


def test_script_tags_are_stored_and_shown_as_plain_text(client, geography):
    response = client.post(
        "/en/report/", {**COMPLETE, "account": "<script>alert('x')</script>", "district": "PK999"}
    )
    page = response.content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_invalid_utf8_is_refused_with_a_plain_message(client, geography):
    body = b"&".join(
        [f"{k}={v}".encode() for k, v in COMPLETE.items() if k != "account"] + [b"account=%FF%FE"]
    )
    response = client.post(
        "/en/report/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Some characters could not be read" in response.content.decode()
    assert _nothing_saved()


def test_a_missing_csrf_token_is_refused_with_a_plain_page(geography):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/en/report/", COMPLETE)
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    assert _nothing_saved()


def test_wrong_receipt_codes_are_throttled_on_the_page(client, geography):
    statuses = [client.post("/en/follow-up/", {"code": f"{n:020d}"}).status_code for n in range(20)]
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}


def test_the_receipt_code_is_never_in_a_url_or_the_logs(client, geography, caplog):
    response = client.post("/en/report/", COMPLETE)
    code = (
        response.content.decode()
        .split('id="receipt-code" dir="ltr">')[1]
        .split("<")[0]
        .replace(" ", "")
    )
    follow = client.post("/en/follow-up/", {"code": code})
    assert follow.status_code == 302 and code not in follow.url
    assert code not in caplog.text
