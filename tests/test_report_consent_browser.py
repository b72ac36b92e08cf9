"""The report, whole, and consent, in headless Chromium with JavaScript off on a 360-pixel phone:
the case worker sees every answer (English and Urdu, no horizontal scroll); a police liaison is
refused the protected details of a case whose reporter did not consent, and reads them after a
supervisor records a legal basis on the same page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from browser_support import fits_a_phone, staff_phone
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT = "Synthetic account for the browser check"


def _report() -> str:
    body = {
        "category": "harassment",
        "account": ACCOUNT,
        "when": "about",
        "ago_amount": "3",
        "ago_unit": "weeks",
        "district": "PK614",
        "abuser_relation": "police_or_official",
        "police": "refused_or_nothing",
        "reporter": "parent",
        "contact": "phone",
        "phone": "0300 7654321",
        "wants_woman": True,
        "in_danger_now": True,
        "consent_understood": True,
    }
    response = Client().post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return str(response.json()["case"])


def test_the_whole_report_and_consent_on_a_phone(
    live_server, chromium, geography, make_staff, contexts
):
    worker = make_staff("cw.kasur", "case_worker", district="PK614")
    police = make_staff("police.kasur", "police_liaison", district="PK614")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    ref = _report()
    url = f"{live_server.url}/{{lang}}/staff/cases/{ref}/"

    page = staff_phone(chromium, live_server, worker, contexts)
    page.goto(url.format(lang="en"))
    answers = page.locator("#report-answers").inner_text()
    for words in ("About 3 weeks ago", "Police or an official", "police refused", "Yes"):
        assert words in answers, words
    assert ACCOUNT not in page.content()
    assert fits_a_phone(page)
    page.goto(url.format(lang="ur"))
    assert "پولیس یا کوئی سرکاری اہلکار" in page.locator("#report-answers").inner_text()
    assert fits_a_phone(page)

    police_page = staff_phone(chromium, live_server, police, contexts)
    police_page.goto(url.format(lang="en"))
    assert "named the police or an official" in police_page.locator("#consent-refusal").inner_text()
    assert police_page.locator("#reason").count() == 0
    police_page.goto(url.format(lang="ur"))  # refused in Urdu too, in Urdu words
    refusal = police_page.locator("#consent-refusal").inner_text()
    assert "named the police" not in refusal and police_page.locator("#reason").count() == 0
    assert fits_a_phone(police_page)

    supervisor_page = staff_phone(chromium, live_server, supervisor, contexts)
    supervisor_page.goto(url.format(lang="en"))
    supervisor_page.fill("#legal_basis", "Order of the district court (synthetic)")
    submit(supervisor_page, "#legal-basis-button")
    assert "may now read" in supervisor_page.locator("#action-done").inner_text()

    police_page.goto(url.format(lang="ur"))
    police_page.fill("#reason", "registering the FIR")
    submit(police_page, "form:has(#reason) button[type=submit]")
    assert ACCOUNT in police_page.locator("#answer-account").inner_text()
    assert fits_a_phone(police_page)
