"""The transparency page on a phone: 360 px wide, no JavaScript, no sideways scrolling, in
English and Urdu, and a screenshot to look at."""

from __future__ import annotations

import os

import pytest
from django.db import transaction

from nigraan.ledger.append import append_event
from nigraan.ledger.sequencer import sequence_and_sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_transparency_page_fits_a_phone(live_server, phone_page_no_js, language, tmp_path):
    with transaction.atomic():
        append_event(case_ref="NGR-T0001", kind="case.note_added", actor="t", data={})
    sequence_and_sign()
    page = phone_page_no_js
    page.goto(f"{live_server.url}/{language}/transparency/")
    assert len(page.content().encode()) < 100_000
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.locator("#latest-head").count() == 1
    page.screenshot(path=str(tmp_path / f"transparency-{language}.png"), full_page=True)
    if shots := os.environ.get("NIGRAAN_SHOTS"):
        page.screenshot(path=f"{shots}/transparency-{language}.png", full_page=True)
