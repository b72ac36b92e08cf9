"""A frightened parent on a cheap phone, JavaScript off, reports from the first step to the
receipt, in English and in Urdu, then follows up with the receipt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_support import shot
from nigraan.cases.models import Case
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "en": {
        "next": "Next",
        "send": "Send the report",
        "received": "Your report was received",
        "open": "Open",
    },
    "ur": {
        "next": "آگے",
        "send": "رپورٹ بھیجیں",
        "received": "آپ کی رپورٹ موصول ہو گئی",
        "open": "کھولیں",
    },
}


def _next(page, label):
    submit(page, "button#next")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_report_from_first_step_to_receipt_then_follow_up(
    live_server, phone_page_no_js, geography, language, tmp_path
):
    page = phone_page_no_js
    words = LABELS[language]
    page.goto(f"{live_server.url}/{language}/report/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    weight = len(page.content().encode())
    assert weight < 100_000
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.check("input[name=in_danger_now][value='1']")
    submit(page, "#next")
    assert page.locator(".emergency").count() == 1  # emergency numbers first
    assert "1122" in page.inner_text(".emergency")
    page.check("input[name=category][value=harassment]")
    page.fill(
        "#account", "A synthetic account: an adult keeps following the child home from school."
    )
    submit(page, "#next")
    page.select_option("#province", "PK6")
    page.select_option("#district", "PK614")
    page.fill("#place", "Demo Mohalla")
    submit(page, "#next")
    page.select_option("#age_band", "10-14")
    submit(page, "#next")
    page.check("input[name=police][value=refused_or_nothing]")
    submit(page, "#next")
    page.check("input[name=reporter][value=parent]")
    submit(page, "#next")
    page.check("input[name=consent_understood]")
    page.screenshot(path=str(tmp_path / f"consent-{language}.png"), full_page=True)
    submit(page, "#next")
    # The review step: every answer once more, nothing sent yet; change one, come back, send.
    assert words["send"] in page.inner_text("#next")
    assert "Demo Mohalla" in page.inner_text("main") and Case.objects.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    submit(page, "button[name=go][value=edit-2]")
    assert page.input_value("#place") == "Demo Mohalla"
    page.fill("#place", "Demo Mohalla, near the school")
    submit(page, "#next")  # straight back to the review
    assert "near the school" in page.inner_text("main")
    assert words["send"] in page.inner_text("#next")
    submit(page, "#next")
    assert words["received"] in page.inner_text("h1")
    code = page.inner_text("#receipt-code").replace(" ", "")
    assert len(code) == 20 and code.isdigit()
    assert code not in page.url
    case = Case.objects.get()
    assert (
        case.district_id == "PK614"
        and case.channel == "web"
        and case.report["police"] == "refused_or_nothing"
    )
    assert case.report["in_danger_now"] is True
    page.screenshot(path=str(tmp_path / f"receipt-{language}.png"), full_page=True)

    page.goto(f"{live_server.url}/{language}/follow-up/")
    page.fill("#code", code)
    submit(page, "button[type=submit]")
    assert page.url.endswith(f"/{language}/follow-up/case/")
    assert page.locator("#stage").inner_text()
    page.fill("#text", "We can be reached after 5 pm (synthetic).")
    submit(page, "form:has(#text) button[type=submit]")
    assert "after 5 pm" in page.inner_text("#conversation")
    with page.expect_download() as download:
        page.click("#proof-download")
    proof = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert proof["format"] == "nigraan-proof-of-report/v1" and proof["kind"] in (
        "promise",
        "inclusion",
    )


def test_a_missing_answer_sends_the_person_back_with_what_they_typed(
    live_server, phone_page_no_js, geography
):
    page = phone_page_no_js
    page.goto(f"{live_server.url}/en/report/")
    submit(page, "#next")  # "Is a child in danger now?" not answered: refused, never assumed
    assert "Please choose Yes or No." in page.inner_text("#error-in_danger_now")
    page.check("input[name=in_danger_now][value='0']")
    submit(page, "#next")
    page.check("input[name=category][value=other]")
    submit(page, "#next")  # no account
    assert "Please tell us in a few words what happened." in page.inner_text("#error-account")
    assert page.is_checked("input[name=category][value=other]")
    assert Case.objects.count() == 0


CONTRADICTION = {  # which answer to change, in the page's language
    "en": "Choose “About … ago” there, or clear this answer.",
    "ur": "یا یہ جواب خالی کر دیں",
}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_contradictory_answer_is_refused_with_the_message_shown(
    live_server, phone_page_no_js, geography, language
):
    """ "3 weeks ago" typed while "When did it happen?" stays on "I don't know": refused on the
    step it belongs to, saying which answer to change, what was typed kept; nothing saved."""
    page = phone_page_no_js
    page.goto(f"{live_server.url}/{language}/report/")
    page.check("input[name=in_danger_now][value='0']")
    submit(page, "#next")
    page.check("input[name=category][value=other]")
    page.fill("#account", "A synthetic account.")
    submit(page, "#next")
    page.fill("#ago_amount", "3")
    submit(page, "#next")
    message = page.inner_text("#error-ago_amount")
    assert CONTRADICTION[language] in message, message
    assert page.input_value("#ago_amount") == "3" and page.is_checked("input[value=unknown]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, f"walk-c-contradiction-{language}")
    assert Case.objects.count() == 0
