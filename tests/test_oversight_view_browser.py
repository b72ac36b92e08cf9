"""Oversight's view in headless Chromium, JavaScript off, on a 360-pixel phone, English and Urdu:
from the province summary to a case closed without an FIR in three clicks, and the filter form
of "All cases" used without JavaScript. No horizontal scroll on either page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from nigraan.cases import commands

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KASUR = "PK614"
SHOTS = Path(os.environ.get("NIGRAAN_SHOTS", "/tmp/nigraan-shots"))


@pytest.fixture
def oversight_page(chromium, live_server, make_staff):
    overseer = make_staff("oversight.punjab", "oversight", province="PK6")
    context = chromium.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False
    )
    client = Client()
    client.force_login(overseer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


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
    assert _no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"summary-{language}.png"))
    page.click(f"#count-{KASUR}-no_fir")  # 1
    assert buried in page.inner_text("#case-list")
    assert _no_horizontal_scroll(page)
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
    assert _no_horizontal_scroll(page)
