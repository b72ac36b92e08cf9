"""The case list and timeline as a case worker sees them on a 360-pixel phone, in English and
Urdu."""

from __future__ import annotations

import pytest

from browser_support import fits_a_phone, shot, staff_phone
from nigraan.cases import commands
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in_page(live_server, chromium, contexts, geography, make_staff):
    worker = make_staff("cw.kasur", "case_worker", district="PK614")
    operator = make_staff("op.kasur", "helpline_operator", district="PK614")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    case = commands.open_case(
        operator,
        channel="helpline",
        category="harassment",
        district_code="PK614",
        protected={"victim_name": "Demo Child Kappa"},
    )
    commands.assign_case(supervisor, case.ref, owner_username="cw.kasur", reason="on duty")
    commands.add_note(worker, case.ref, text="First call made (synthetic).")
    # Someone else's district: must not be listed.
    make_staff("op.lahore", "helpline_operator", district="PK617")
    other = commands.open_case(
        make_staff("sup.lahore", "supervisor", district="PK617"),
        channel="staff",
        category="other",
        district_code="PK617",
    )
    page = staff_phone(chromium, live_server, worker, contexts, javascript=True)
    return page, live_server.url, case.ref, other.ref


def test_case_worker_sees_their_districts_cases_and_a_full_timeline(logged_in_page):
    page, base, ref, other_ref = logged_in_page
    page.goto(f"{base}/en/staff/")
    listing = page.locator("#case-list").inner_text()
    assert ref in listing and other_ref not in listing
    assert fits_a_phone(page)
    submit(page, f"text={ref}")
    items = page.locator("#timeline li")
    assert items.count() == 3
    texts = items.all_inner_texts()
    assert "Report received" in texts[0] and "op.kasur" in texts[0]
    assert "Assigned" in texts[1] and "sup.kasur" in texts[1]
    assert "Note added" in texts[2] and "First call made" not in texts[2]
    assert fits_a_phone(page)
    shot(page, "staff-timeline-en")


def test_reading_protected_details_needs_a_reason_and_appears_in_the_timeline(logged_in_page):
    page, base, ref, _ = logged_in_page
    page.goto(f"{base}/en/staff/cases/{ref}/")
    page.fill("#reason", "calling the family back")
    submit(page, "button:has-text('Read protected details')")
    assert "Demo Child Kappa" in page.locator("#protected-details").inner_text()
    assert "First call made (synthetic)." in page.locator("#timeline").inner_text()
    page.goto(f"{base}/en/staff/cases/{ref}/")
    last = page.locator("#timeline li").last.inner_text()
    assert "Protected details read" in last and "calling the family back" in last
    assert "Demo Child Kappa" not in page.content()


def test_urdu_pages_are_right_to_left_with_urdu_labels(logged_in_page):
    page, base, ref, _ = logged_in_page
    page.goto(f"{base}/ur/staff/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ur"
    assert "مقدمات" in page.locator("h1").inner_text()
    assert "قصور" in page.locator("#case-list").inner_text()
    page.goto(f"{base}/ur/staff/cases/{ref}/")
    assert "رپورٹ موصول ہوئی" in page.locator("#timeline").inner_text()
    assert fits_a_phone(page)
    shot(page, "staff-timeline-ur")


def test_the_language_switch_keeps_the_page(logged_in_page):
    page, base, ref, _ = logged_in_page
    page.goto(f"{base}/en/staff/cases/{ref}/")
    submit(page, "a.lang")
    assert page.url.endswith(f"/ur/staff/cases/{ref}/")
