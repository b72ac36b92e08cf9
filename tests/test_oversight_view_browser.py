"""Oversight's view in headless Chromium, JavaScript off, on a 360-pixel phone, English and Urdu:
from the province summary to a case closed without an FIR in three clicks, and the filter form
of "All cases" used without JavaScript. No horizontal scroll on either page."""

from __future__ import annotations

import pytest

from browser_support import fits_a_phone, shot, staff_phone
from nigraan.cases import commands

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KASUR = "PK614"


@pytest.fixture
def oversight_page(chromium, live_server, make_staff, contexts):
    overseer = make_staff("oversight.punjab", "oversight", province="PK6")
    return staff_phone(chromium, live_server, overseer, contexts)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_oversight_reaches_a_case_closed_without_an_fir_in_three_clicks(
    live_server, oversight_page, geography, make_staff, language
):
    operator = make_staff("op.kasur", "helpline_operator", district=KASUR)
    supervisor = make_staff("sup.kasur", "supervisor", district=KASUR)
    buried = commands.open_case(
        operator, channel="helpline", category="sexual_abuse", district_code=KASUR
    ).ref
    commands.open_case(operator, channel="helpline", category="harassment", district_code=KASUR)
    commands.record_stage(
        supervisor, buried, stage="closed", reason="synthetic", reason_code="no_contact"
    )
    page = oversight_page
    page.goto(f"{live_server.url}/{language}/staff/home/")  # where login sends oversight
    assert page.url.endswith(f"/{language}/staff/summary/")
    assert fits_a_phone(page)
    shot(page, f"summary-{language}")
    page.click(f"#count-{KASUR}-no_fir")  # 1
    assert buried in page.inner_text("#case-list")
    assert fits_a_phone(page)
    page.click(f"#case-list a:has-text('{buried}')")  # 2
    assert f"/staff/cases/{buried}/" in page.url
    assert buried in page.inner_text("main")


def test_the_filter_form_works_without_javascript(
    live_server, oversight_page, geography, make_staff
):
    operator = make_staff("op.kasur", "helpline_operator", district=KASUR)
    unowned = commands.open_case(
        operator, channel="helpline", category="harassment", district_code=KASUR
    ).ref
    page = oversight_page
    page.goto(f"{live_server.url}/ur/staff/")
    page.click("details.filters summary")
    page.select_option("#district", KASUR)
    page.check("input[name=unowned]")
    page.click("#case-filters button[type=submit]")
    assert "unowned=1" in page.url and f"district={KASUR}" in page.url
    assert unowned in page.inner_text("#case-list")
    assert page.is_checked("input[name=unowned]")
    assert fits_a_phone(page)
