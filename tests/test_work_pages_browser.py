"""The staff work pages in headless Chromium: logged in with password and code, each page in
English and in right-to-left Urdu on a 360-pixel phone, the board driven with the keyboard alone,
and the services directory changed by a district officer with JavaScript off. Screenshots go to
/tmp/nigraan-shots/ (or $NIGRAAN_SHOTS) for a person to look at."""

from __future__ import annotations

import pytest

from browser_support import fits_a_phone, log_in, shot, staff_phone
from nigraan.cases import commands
from nigraan.cases.models import Service
from nigraan.cases.sweep import sweep
from nigraan.testing.browser import submit, submit_locator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGES = {
    "mine": "/staff/mine/",
    "overdue": "/staff/overdue/",
    "board": "/staff/board/",
    "services": "/staff/services/",
}
WIDE = {"width": 1280, "height": 800}
DESK = {"width": 1024, "height": 768}
HEADINGS = {
    "en": {
        "mine": "My cases",
        "overdue": "Overdue",
        "board": "District board",
        "services": "Services directory",
    },
    "ur": {
        "mine": "میرے مقدمات",
        "overdue": "مدت گزر چکی",
        "board": "ضلعی بورڈ",
        "services": "خدمات کی فہرست",
    },
}


@pytest.fixture
def kasur(personas, fixed_clock):
    """A Kasur crew with cases at several stages, some overdue and escalated, and a directory."""
    personas.ensure("op", "cw", "cw2", "sup", "dco", "police")
    crew = {key: personas[key] for key in ("op", "cw", "cw2", "sup", "dco", "police")}
    refs = []
    for index, category in enumerate(
        ["missing_child", "harassment", "sexual_abuse", "missing_child", "other", "harassment"]
    ):
        refs.append(
            commands.open_case(
                crew["op"], channel="helpline", category=category, district_code="PK614"
            ).ref
        )
        fixed_clock.advance(minutes=40 + index)
    commands.assign_case(crew["sup"], refs[0], owner_username="cw.kasur")
    commands.assign_case(crew["sup"], refs[2], owner_username="cw.kasur")
    commands.assign_case(crew["sup"], refs[3], owner_username="cw2.kasur")
    commands.record_stage(crew["sup"], refs[1], stage="triaged")
    commands.record_stage(
        crew["police"], refs[2], stage="fir_registered", reason="FIR 7/2026 (synthetic)"
    )
    fixed_clock.advance(hours=6)
    sweep()
    for code, kind, name in [
        ("demo-kasur-medical", "medical", "Demo District Hospital, Kasur (synthetic)"),
        ("demo-kasur-shelter", "shelter", "Demo Safe House, Kasur (synthetic)"),
    ]:
        Service.objects.create(
            code=code, district_id="PK614", kind=kind, name=name, contact="+92 300 0000000"
        )
    crew["refs"] = refs
    return crew


def test_a_case_worker_logs_in_and_finds_their_cases_with_the_next_deadline(
    live_server, phone_page, kasur, fixed_clock
):
    page = phone_page
    log_in(page, live_server.url, kasur["cw"], at=fixed_clock.current)  # password, then code
    page.goto(
        f"{live_server.url}/en/staff/mine/"
    )  # after login the staff home; then My cases from the menu
    assert page.get_attribute(".work-nav a[aria-current=page]", "href") == "/en/staff/mine/"
    cards = page.locator("#my-cases > li")
    assert cards.count() == 2
    first = cards.first.inner_text()
    assert (
        kasur["refs"][0] in first
        and "An FIR is registered for a missing child" in first
        and "overdue by" in first
    )
    assert fits_a_phone(page)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_work_page_reads_in_english_and_right_to_left_urdu_on_a_phone(
    live_server, chromium, kasur, language, contexts
):
    page = staff_phone(chromium, live_server, kasur["cw"], contexts, javascript=True)
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}/{language}{path}")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr"), name
        assert page.get_attribute("html", "lang") == language
        assert HEADINGS[language][name] in page.inner_text("h1"), name
        assert page.locator(".work-nav a[aria-current=page]").count() == 1, name
        assert fits_a_phone(page), name
        shot(page, f"{name}-{language}")
    page.goto(f"{live_server.url}/{language}/staff/overdue/?scope=district")
    assert page.locator("#overdue-list > li").count() >= 4
    shot(page, f"overdue-district-{language}")
    if language == "ur":
        text = page.inner_text("main")
        assert "کی تاخیر" in text and "overdue by" not in text


def test_the_board_on_a_wide_screen_keeps_stages_in_pipeline_order(
    live_server, chromium, kasur, contexts
):
    page = staff_phone(chromium, live_server, kasur["dco"], contexts, javascript=True, screen=WIDE)
    page.goto(f"{live_server.url}/en/staff/board/?district=PK614")
    headings = page.locator(".column h2").all_inner_texts()
    assert [h.split()[0] for h in headings] == ["Report", "Triaged", "Assigned", "FIR"]
    assert "6 open cases" in page.inner_text("#board-total")
    shot(page, "board-wide-en")
    page.goto(f"{live_server.url}/ur/staff/board/?district=PK614")
    shot(page, "board-wide-ur")


def test_the_board_can_be_worked_with_the_keyboard_alone(live_server, chromium, kasur, contexts):
    page = staff_phone(chromium, live_server, kasur["dco"], contexts, javascript=True, screen=DESK)
    page.goto(f"{live_server.url}/en/staff/board/?district=PK614")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "(() => { const e = document.activeElement; "
                "return [e.tagName, e.id, e.getAttribute('href') || '', "
                "getComputedStyle(e).outlineStyle]; })()"
            )
        )
    hrefs = [href for _, _, href, _ in focused]
    ids = [element_id for _, element_id, _, _ in focused]
    assert "district" in ids  # the district selector
    assert "#stage-received" in hrefs and "#stage-fir_registered" in hrefs
    case_links = [h for h in hrefs if h.startswith("/en/staff/cases/")]
    assert set(kasur["refs"]) <= {h.rstrip("/").rsplit("/", 1)[-1] for h in case_links}
    assert [f for f in focused if f[3] == "none" and f[0] != "BODY"] == [], (
        "focus is always visible"
    )
    # A stage link jumps to its column; Enter on a case opens it.
    page.focus("a[href='#stage-fir_registered']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/board/?district=PK614#stage-fir_registered")  # a same-page jump
    page.focus(f"#stage-fir_registered a[href$='{kasur['refs'][2]}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/cases/{kasur['refs'][2]}/")
    # The district selector works from the keyboard without JavaScript's help.
    page.goto(f"{live_server.url}/en/staff/board/")
    page.focus("#district")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/board/?district=PK614")


def test_a_district_officer_keeps_the_directory_without_javascript(
    live_server, chromium, kasur, contexts
):
    page = staff_phone(chromium, live_server, kasur["dco"], contexts)
    page.goto(f"{live_server.url}/en/staff/services/")
    page.click("summary:has-text('Add a service')")
    page.fill("#new-name", "  ")
    submit(page, "#add-service-button")
    assert "The service was not added" in page.inner_text("#add-error")
    assert "Choose a kind of service from the list." in page.inner_text("#add-service")
    assert Service.objects.count() == 2
    shot(page, "services-refused-en")
    page.select_option("#new-kind", "legal_aid")
    page.fill("#new-name", "Demo Legal Aid Desk, Kasur (synthetic)")
    page.fill("#new-contact", "+92 300 0000001, 9:00-17:00")
    submit(page, "#add-service-button")
    assert "Added “Demo Legal Aid Desk, Kasur (synthetic)” to the directory." in page.inner_text(
        ".messages"
    )
    card = page.locator("#service-kasur-legal-aid-1")
    submit_locator(page, card.locator("button[value=deactivate]"))
    assert "is inactive" in page.inner_text(".messages")
    assert "inactive" in page.locator("#service-kasur-legal-aid-1").inner_text()
    assert not Service.objects.get(code="kasur-legal-aid-1").active
    shot(page, "services-manage-en")
    page.goto(f"{live_server.url}/ur/staff/services/")
    page.click("summary")
    submit(page, "#add-service-button")
    assert "فہرست میں سے خدمت کی قسم چنیں۔" in page.inner_text("#add-service")
    shot(page, "services-refused-ur")


def test_a_case_worker_reads_the_directory_but_has_no_buttons_to_change_it(
    live_server, chromium, kasur, contexts
):
    page = staff_phone(chromium, live_server, kasur["cw"], contexts, javascript=True)
    page.goto(f"{live_server.url}/en/staff/services/")
    assert "Demo District Hospital, Kasur (synthetic)" in page.inner_text("#services")
    assert page.locator("#add-service").count() == 0
    assert page.locator("#services button").count() == 0
