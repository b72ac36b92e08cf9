"""Closing honestly and the triage queue, in headless Chromium with JavaScript off on a 360-pixel
phone, each walk whole in English and whole in Urdu (issue 10's walks (e) and (f)): a closing that
needs two people (asked by one supervisor, approved by the district officer, flagged); an
unplaced report read and placed from the triage queue, assigned in its district, and found by its
owner in "My cases". At every step the page fits the phone, says what that step did in the page's
language, and an Urdu page has no English left on it (``english_left``). Screenshots:
``walk-e-*`` and ``walk-f-*`` in $NIGRAAN_SHOTS."""

from __future__ import annotations

import pytest

from browser_support import english_left, fits_a_phone, press, shot, staff_phone
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
LANGUAGES = ["en", "ur"]
PEOPLE = "op.kasur police.kasur sup.kasur dco.kasur cw.kasur sup.punjab"  # usernames on pages
# What each step's page says, in each language (the Urdu from the .po and rules files).
SAYS = {
    "time left": {"en": " left", "ur": "باقی"},
    "asked": {
        "en": "Closing this case needs a second person's approval",
        "ur": "اس کیس کو بند کرنے کے لیے دوسرے شخص کی منظوری درکار ہے",
    },
    "waits": {"en": "Closing waits for a second person", "ur": "بند کرنا دوسرے شخص کا منتظر ہے"},
    "duplicate": {"en": "Duplicate of another case", "ur": "دہرا کیس (کسی دوسرے کیس جیسا)"},
    "approved": {
        "en": "Approved: the case is closed and flagged for oversight.",
        "ur": "منظور: کیس بند ہو گیا اور نگرانی کے لیے نشان زد ہے۔",
    },
    "flagged": {"en": "for oversight to review", "ur": "نگرانی کے جائزے کے لیے"},
    "queue": {"en": "Unplaced reports", "ur": "بغیر ضلع کی رپورٹیں"},
    "place given": {"en": "Place given", "ur": "بتائی گئی جگہ"},
    "placed": {
        "en": "Placed: the district's staff were told of the report.",
        "ur": "ضلع میں رکھ دی گئی: ضلع کے عملے کو رپورٹ کی اطلاع دے دی گئی۔",
    },
    "district set": {"en": "District: Kasur", "ur": "ضلع: قصور"},
    "assigned": {"en": "Assigned.", "ur": "سپرد کر دیا گیا۔"},
    "mine": {"en": "1 open case", "ur": "1 کھلا مقدمہ"},
}
# What people type and what the reporter wrote, in the walk's language (synthetic).
TYPED = {
    "en": {
        "fir": "FIR 7 (synthetic)",
        "close": "Same as another case (synthetic)",
        "place": "Near the big mosque, synthetic town",
        "read": "to place the report",
        "placed": "The mosque is in Kasur",
    },
    "ur": {
        "fir": "ایف آئی آر 7 (فرضی)",
        "close": "دوسرے کیس جیسا (فرضی)",
        "place": "بڑی مسجد کے قریب، فرضی قصبہ",
        "read": "رپورٹ کو ضلع میں رکھنے کے لیے",
        "placed": "مسجد قصور میں ہے",
    },
}


def _step(page, name: str, language: str, ref: str, *, selector: str, says: str) -> None:
    """One step of a walk: a screenshot, the phone's width, the step's words in the page's
    language, and on an Urdu page no English left but references and usernames."""
    shot(page, f"{name}-{language}")
    assert fits_a_phone(page), name
    assert page.get_attribute("html", "lang") == language, name
    text = page.inner_text(selector)
    assert SAYS[says][language] in text, (name, text[:500])
    if language == "ur":
        assert page.get_attribute("html", "dir") == "rtl", name
        assert not english_left(page.inner_text("body"), ref, PEOPLE), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_flagged_closing_needs_two_people(
    live_server, chromium, geography, make_staff, contexts, language
):
    operator = make_staff("op.kasur", "helpline_operator", district="PK614")
    police = make_staff("police.kasur", "police_liaison", district="PK614")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    officer = make_staff("dco.kasur", "district_officer", district="PK614")
    typed = TYPED[language]
    ref = commands.open_case(
        operator, channel="helpline", category="sexual_abuse", district_code="PK614"
    ).ref
    commands.record_stage(police, ref, stage="fir_registered", reason=typed["fir"])
    url = f"{live_server.url}/{language}/staff/cases/{ref}/"

    asking = staff_phone(chromium, live_server, supervisor, contexts)
    asking.goto(url)
    _step(asking, "walk-f-1-case", language, ref, selector="#deadlines", says="time left")
    asking.select_option("#stage", "closed")
    asking.fill("#stage_reason", typed["close"])
    asking.select_option("#reason_code", "duplicate")
    press(asking, "#stage-button")
    _step(asking, "walk-f-2-asked", language, ref, selector="#action-done", says="asked")
    assert asking.locator("#closure-own-request").count() == 1
    assert asking.locator("#closure-decision-form").count() == 0

    deciding = staff_phone(chromium, live_server, officer, contexts)
    deciding.goto(url)
    _step(deciding, "walk-f-3-waiting", language, ref, selector="#pending-closure", says="waits")
    assert SAYS["duplicate"][language] in deciding.inner_text("#pending-closure")
    assert typed["close"] in deciding.inner_text("#pending-closure")
    deciding.check("#decision-approve")
    press(deciding, "#closure-decision-button")
    _step(deciding, "walk-f-4-approved", language, ref, selector="#action-done", says="approved")
    assert SAYS["flagged"][language] in deciding.inner_text("#flag")
    case = Case.objects.get(ref=ref)
    assert not case.is_open and case.flagged_for_oversight


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unplaced_report_is_triaged_placed_and_assigned(
    live_server, chromium, geography, make_staff, contexts, language
):
    triage = make_staff("sup.punjab", "supervisor", province="PK6")
    supervisor = make_staff("sup.kasur", "supervisor", district="PK614")
    worker = make_staff("cw.kasur", "case_worker", district="PK614")
    typed = TYPED[language]
    ref = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        province_code="PK6",
        protected={"address": typed["place"]},
        report={"contact": "none"},
    ).ref
    base = f"{live_server.url}/{language}"
    card = f"#triage-{ref}"

    page = staff_phone(chromium, live_server, triage, contexts)
    page.goto(f"{base}/staff/triage/")
    _step(page, "walk-e-1-queue", language, ref, selector="h1", says="queue")
    assert page.locator(card).count() == 1
    page.fill(f"#read-reason-{ref}", typed["read"])
    press(page, f"{card} form:has(input[value=read]) button")
    _step(page, "walk-e-2-read", language, ref, selector="#place-text", says="place given")
    assert typed["place"] in page.inner_text("#place-text")
    page.select_option(f"#district-{ref}", "PK614")
    page.fill(f"#place-reason-{ref}", typed["placed"])
    press(page, f"{card} form:has(input[value=place]) button")
    _step(page, "walk-e-3-placed", language, ref, selector="#triage-done", says="placed")
    assert page.locator(card).count() == 0

    district = staff_phone(chromium, live_server, supervisor, contexts)
    district.goto(f"{base}/staff/cases/{ref}/")
    _step(district, "walk-e-4-case", language, ref, selector="#timeline", says="district set")
    district.select_option("#owner", "cw.kasur")
    press(district, "#assign-button")
    _step(district, "walk-e-5-assigned", language, ref, selector="#action-done", says="assigned")
    assert Case.objects.get(ref=ref).owner.username == "cw.kasur"

    owner = staff_phone(chromium, live_server, worker, contexts)
    owner.goto(f"{base}/staff/mine/")
    _step(owner, "walk-e-6-mine", language, ref, selector="main", says="mine")
    assert ref in owner.inner_text("#my-cases")
