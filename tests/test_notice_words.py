"""Staff notices are data (a kind and its parameters) put into words when shown: an English
reader sees only English and an Urdu reader only Urdu, each kind with its own title, times in
Pakistan time, and a notice can still be marked read."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.sweep import sweep
from nigraan.notify import notice_words
from nigraan.notify.models import OutboxMessage, StaffNotice
from nigraan.notify.notice_words import KINDS, Notice
from nigraan.notify.notices import notice_rows, notify_person
from nigraan.notify.sealing import unseal
from personas import KASUR, Personas

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))

REF = "NGR-AAAA0001"
DUE = "2026-11-26T10:00:00Z"  # 15:00 in Pakistan
DEADLINE = {
    "ref": REF,
    "rule": "fir_registration",
    "title": "The FIR is registered",
    "title_ur": "ایف آئی آر کا اندراج",
    "accused": "",
    "due": DUE,
}
CLOSING = {
    "ref": REF,
    "reason_code": "duplicate",
    "reason": "Duplicate of another case",
    "reason_ur": "کسی اور مقدمے کی نقل",
}
# One example of every kind the code makes (Notice refuses any kind not in KINDS).
EXAMPLES: dict[str, dict] = {
    "deadline_escalated": DEADLINE,
    "deadline_warning": DEADLINE | {"accused": "2"},
    "accused_released": {"ref": REF, "custody": "bailed", "day": "2026-11-20"},
    "outcome_flagged": {
        "ref": REF,
        "outcome": "compromise",
        "outcome_title": "'Compromise' between the parties",
        "outcome_title_ur": "فریقین میں «صلح»",
        "why": "not lawful for rape",
    },
    "new_report": {"ref": REF},
    "new_report_urgent": {"ref": REF},
    "reporter_message": {"ref": REF, "purpose": "message"},
    "report_flagged": {"ref": REF, "police_refused": True, "abuser_official": True},
    "closure_requested": CLOSING,
    "closure_approved": CLOSING,
    "closure_refused": {"ref": REF},
    "woman_officer_not_given": {"ref": REF},
    "alert_expired": {"ref": REF, "alert": "AL-7"},
    "bulk_read_alert": {"actor": "cw.kasur", "reads": 40, "cases": 12, "minutes": 60},
    "press_unlinked": {"incident": 7, "days": 5, "place": "Kasur", "place_ur": "قصور"},
    "integrity_ledger": {"reason": "witness w1 saw a fork at size 10."},
    "integrity_projection": {"ref": REF, "table": "cases_case", "field": "stage"},
}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
SOURCE = Path(__file__).resolve().parent.parent / "src" / "nigraan"


def _in(language: str, kind: str) -> notice_words.Words:
    return notice_words.words_in(language, Notice(kind, EXAMPLES[kind]))


def _english_words(text: str, params: dict) -> set[str]:
    """Words of three letters or more, leaving out those that come from the parameters (a
    reference, a username, a table's name) and the command to run."""
    given = (
        " ".join(str(value) for value in params.values()) + " nigraan ledger repair from docs md"
    )
    allowed = {word.lower() for word in re.findall(r"[A-Za-z]{3,}", given)}
    return {word for word in re.findall(r"[A-Za-z]{3,}", text) if word.lower() not in allowed}


def test_every_kind_the_code_makes_has_words_and_an_example():
    assert set(EXAMPLES) == set(KINDS)
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in SOURCE.rglob("*.py")
        if path.name != "notice_words.py"
    )
    for kind in KINDS:
        alarm = kind.removeprefix("integrity_")
        made = f'"{kind}"' in code or re.search(rf'raise_integrity_alarm\(\s*"{alarm}"', code)
        assert made, f"{kind} is in KINDS but no code makes it"
    with pytest.raises(ValueError):
        Notice("escalated_to_you", {})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_english_reader_sees_only_english(kind):
    english = _in("en", kind)
    assert english.title and english.body
    assert not ARABIC_SCRIPT.search(english.title + english.body)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_urdu_reader_sees_only_urdu(kind):
    urdu, english = _in("ur", kind), _in("en", kind)
    assert ARABIC_SCRIPT.search(urdu.title) and ARABIC_SCRIPT.search(urdu.body)
    assert not _english_words(urdu.title + " " + urdu.body, EXAMPLES[kind]), urdu
    assert urdu.title != english.title and urdu.body != english.body


def test_each_kind_has_its_own_title_not_escalated_to_you():
    titles = {kind: _in("en", kind).title for kind in KINDS}
    assert len(set(titles.values())) == len(KINDS) - 1  # the two integrity alarms share one
    assert titles["reporter_message"] == "The reporter wrote"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_due_time_is_in_pakistan_time(language):
    body = _in(language, "deadline_escalated").body
    assert "2026-11-26 15:00" in body and "10:00" not in body and "UTC" not in body


def test_a_deadline_title_is_in_the_readers_language():
    assert "The FIR is registered" in _in("en", "deadline_escalated").body
    urdu = _in("ur", "deadline_escalated").body
    assert "ایف آئی آر کا اندراج" in urdu and "The FIR" not in urdu


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("en", "NGR-1: new report", "نئی"), ("ur", "نئی رپورٹ", "new report")],
)
def test_a_notice_from_before_shows_the_readers_half_of_its_text(language, shown, hidden):
    with translation.override(language):
        words = notice_words.words("new_report", {}, "NGR-1: new report · نئی رپورٹ")
    assert shown in words.body and hidden not in words.body


def _notices_section(page: str) -> str:
    start = page.index('id="unread-notices"')
    section = page[start : page.index("</ul>", start)]
    return html.unescape(re.sub(r"<[^>]+>", " ", section))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_notices_page_shows_each_kind_in_the_pages_language_only(personas: Personas, kind):
    worker = personas.ensure("cw")["cw"]
    notice_rows([worker.pk], None, Notice(kind, EXAMPLES[kind]))[0].save()
    browser = Client()
    browser.force_login(worker)
    english = _notices_section(browser.get("/en/staff/notices/").content.decode())
    urdu = _notices_section(browser.get("/ur/staff/notices/").content.decode())
    assert _in("en", kind).title in english and not ARABIC_SCRIPT.search(english)
    assert _in("ur", kind).title in urdu and _in("en", kind).title not in urdu
    assert "Mark read" not in urdu


def test_a_notice_is_marked_read_from_the_list(personas: Personas):
    worker = personas.ensure("cw")["cw"]
    row = notice_rows([worker.pk], None, Notice("new_report", {"ref": REF}))[0]
    row.save()
    browser = Client()
    browser.force_login(worker)
    assert browser.post("/ur/staff/notices/", {"notice": row.pk}).status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None
    page = browser.get("/ur/staff/notices/").content.decode()
    assert f'id="notice-{row.pk}"' in page.split('id="read-notices"')[1]


def test_an_escalated_deadline_is_stored_as_data_and_shown_in_pakistan_time(
    personas: Personas, fixed_clock
):
    personas.ensure("cw", "sup", "dco")
    case = commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        district_code=KASUR,
        report={"in_danger_now": True, "contact": "none"},
    )
    fixed_clock.advance(days=3)
    sweep(clock.now())
    notice = StaffNotice.objects.filter(kind="deadline_escalated", case=case).first()
    assert notice is not None and notice.params["ref"] == case.ref
    assert {"rule", "title", "title_ur", "due"} <= set(notice.params)
    due = dt.datetime.fromisoformat(notice.params["due"].replace("Z", "+00:00"))
    local = f"{due + dt.timedelta(hours=5):%Y-%m-%d %H:%M}"
    browser = Client()
    browser.force_login(notice.staff)
    for language in ("en", "ur"):
        page = browser.get(f"/{language}/staff/notices/").content.decode()
        assert local in _notices_section(page)


def test_a_notices_email_carries_english_then_urdu(personas: Personas):
    worker = personas.ensure("cw")["cw"]
    worker.email = "cw.kasur@example.org"
    worker.save()
    case = commands.open_case(
        WEB,
        channel="web",
        category="harassment",
        district_code=KASUR,
        report={"in_danger_now": False, "contact": "none"},
    )
    with transaction.atomic():
        notify_person(worker, case, Notice("reporter_message", {"ref": case.ref}), key="t:1")
    message = OutboxMessage.objects.get(idempotency_key=f"t:1:{worker.pk}")
    body = json.loads(unseal(bytes(message.sealed_body), message.idempotency_key + "|body"))
    english, urdu = body["text"].split("\n\n")
    assert english.startswith("The reporter wrote") and not ARABIC_SCRIPT.search(english)
    assert urdu.startswith("رپورٹ کرنے والے نے لکھا")
