"""A reporter's message reaches its owner, in headless Chromium with JavaScript off on 360-pixel
phones, English and Urdu: the reporter follows up with the receipt code and writes; the case
worker who owns the case logs in (password, then the authenticator's code), finds the message
as an unread notice in the page's language only, opens it, and it is read. No horizontal scroll
on any page."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from browser_support import english_left, fits_a_phone, log_in, phone, press, shot
from nigraan.cases import commands
from nigraan.notify.models import StaffNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MESSAGE = "Synthetic: the neighbour's family came and told us to keep quiet."


def _report() -> dict:
    body = {
        "category": "harassment",
        "account": "Synthetic account.",
        "police": "no",
        "reporter": "parent",
        "contact": "none",
        "in_danger_now": False,
        "consent_understood": True,
        "district": "PK614",
    }
    answer = Client().post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_reporter_message_becomes_the_owners_unread_notice_until_read(
    live_server, chromium, personas, contexts, language
):
    personas.ensure("cw", "sup")
    sent = _report()
    ref = sent["case"]
    commands.assign_case(personas["sup"], ref, owner_username="cw.kasur", reason="on duty")
    StaffNotice.objects.filter(case__ref=ref).update(read_at="2026-01-01T00:00:00Z")

    reporter = phone(chromium, contexts)
    reporter.goto(f"{live_server.url}/{language}/follow-up/")
    reporter.fill("#code", sent["receipt"])
    press(reporter, "button[type=submit]")
    reporter.fill("#text", MESSAGE)
    press(reporter, "form:has(#text) button[type=submit]")
    assert "keep quiet" in reporter.inner_text("#conversation")
    assert fits_a_phone(reporter)

    worker = phone(chromium, contexts)
    log_in(worker, live_server.url, personas["cw"], language=language)
    worker.goto(f"{live_server.url}/{language}/staff/notices/")
    unread = worker.locator(f"#unread-notices li:has(a[href*='{ref}'])")
    assert unread.count() == 1 and fits_a_phone(worker)
    said = unread.inner_text()  # the notice in the page's language only, with its kind's title
    if language == "ur":
        assert "رپورٹ کرنے والے نے لکھا" in said and not english_left(said, ref), said
    else:
        assert "The reporter wrote" in said and not re.search(r"[\u0600-\u06ff]", said), said
    shot(worker, f"walk-d-notices-{language}")
    press(worker, f"#unread-notices a[href*='{ref}']")
    assert f"/staff/cases/{ref}/" in worker.url
    assert fits_a_phone(worker)
    worker.goto(f"{live_server.url}/{language}/staff/notices/")
    assert worker.locator(f"#unread-notices a[href*='{ref}']").count() == 0
    assert worker.locator(f"#read-notices a[href*='{ref}']").count() >= 1  # (new report too)
    notice = StaffNotice.objects.get(case__ref=ref, kind="reporter_message")
    assert notice.staff.username == "cw.kasur" and notice.read_at is not None
