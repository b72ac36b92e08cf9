"""The staff case page in Urdu says everything in Urdu: the time left on a deadline (Django's
``timeuntil`` has no Urdu words: it read "5 hours، 59 minutes باقی"), the reasons for closing
(from rules/closure.yaml), a corrected field and its value (a district by its name, not
"district → PK614"), and who recorded an event when it was a part of the system (not
"system:intake.web")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import translation

from browser_support import english_left
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.offences import closure_reason_title, closure_reasons
from nigraan.cases.sweep import sweep
from nigraan.web.time_words import describe_span, time_left

pytestmark = pytest.mark.django_db
WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))


def _page(staff, ref: str, language: str) -> str:
    client = Client()
    client.force_login(staff)
    answer = client.get(f"/{language}/staff/cases/{ref}/")
    assert answer.status_code == 200
    return answer.content.decode()


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</ul>", start)]


def test_the_time_left_on_a_deadline_is_in_the_pages_language(geography, personas, fixed_clock):
    ref = commands.open_case(
        personas["op"], channel="helpline", category="sexual_abuse", district_code="PK614"
    ).ref
    fixed_clock.advance(minutes=1)
    urdu = _section(_page(personas["sup"], ref, "ur"), "deadlines")
    assert "گھنٹے" in urdu and "منٹ" in urdu and "باقی" in urdu
    assert not {"hour", "hours", "minutes", "day", "days", "weeks", "left"} & set(urdu.split())
    english = _section(_page(personas["sup"], ref, "en"), "deadlines")
    assert "2 hours 59 minutes left" in english


def test_time_words_in_both_languages():
    now = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
    later = now + dt.timedelta(days=16, hours=2)
    with translation.override("en"):
        assert describe_span(dt.timedelta(seconds=20)) == "less than a minute"
        assert time_left(later, now) == "16 days 2 hours left"
        assert time_left(now, later) == "overdue by 16 days 2 hours"
    with translation.override("ur"):
        words = time_left(later, now)
    assert "16" in words and "باقی" in words and not english_left(words)


def test_the_reasons_for_closing_are_in_urdu_on_the_form_the_request_and_the_timeline(
    geography, personas
):
    ref = commands.open_case(
        personas["op"], channel="helpline", category="sexual_abuse", district_code="PK614"
    ).ref
    commands.record_stage(personas["police"], ref, stage="fir_registered", reason="FIR 7")
    commands.request_closure(personas["sup"], ref, reason_code="duplicate", reason="دوسرا کیس")
    html = _page(personas["dco"], ref, "ur")
    for title in closure_reasons().values():
        assert title not in html, title
    options = html[
        html.index('id="reason_code"') : html.index("</select>", html.index('id="reason_code"'))
    ]
    assert "لاپتہ بچہ بحفاظت مل گیا" in options
    pending = html[html.index('id="pending-closure"') : html.index('id="closure-decision-form"')]
    timeline = html[html.index('id="timeline"') :]
    for shown in (pending, timeline):
        assert "دہرا کیس (کسی دوسرے کیس جیسا)" in shown
    with translation.override("en"):
        assert closure_reason_title("duplicate") == "Duplicate of another case"
        assert closure_reason_title("no_such_code") == "no_such_code"


def test_a_placed_district_and_the_system_show_by_name_in_the_timeline(geography, personas):
    ref = commands.open_case(
        WEB, channel="web", category="sexual_abuse", province_code="PK6", report={}
    ).ref
    commands.correct_field(
        personas["sup.punjab"], ref, field="district", value="PK614", reason="مسجد قصور میں ہے"
    )
    urdu = _page(personas["sup"], ref, "ur")
    timeline = urdu[urdu.index('id="timeline"') :]
    assert "ضلع: " in timeline and "قصور" in timeline
    assert "PK614" not in timeline and "district" not in timeline
    assert "system:" not in urdu and "نگران (ویب فارم)" in timeline
    english = _page(personas["sup"], ref, "en")
    timeline = english[english.index('id="timeline"') :]
    assert "District: " in timeline and "Kasur" in timeline and "PK614" not in timeline
    assert "Nigraan (the web form)" in timeline


def test_dates_read_left_to_right_on_an_urdu_page(geography, personas):
    """An Urdu page is right to left: a date not isolated as left-to-right showed 2026-11-27 as
    "27-11-2026" in the deadlines and the timeline."""
    ref = commands.open_case(
        personas["op"], channel="helpline", category="sexual_abuse", district_code="PK614"
    ).ref
    html = _page(personas["sup"], ref, "ur")
    times = re.findall(r"<time [^>]*>", html)
    assert len(times) >= 3
    assert all('dir="ltr"' in tag for tag in times), times


def test_a_missed_deadline_and_a_custody_change_read_as_words_not_codes(
    geography, personas, fixed_clock
):
    ref = commands.open_case(
        personas["op"], channel="helpline", category="missing_child", district_code="PK614"
    ).ref
    police = personas["police"]
    commands.add_accused(police, ref, relation="neighbour")
    commands.record_custody(police, ref, number=1, custody="arrested", basis="ایف آئی آر 12")
    fixed_clock.advance(hours=3)
    assert sweep() >= 1
    urdu = _page(personas["sup"], ref, "ur")
    timeline = urdu[urdu.index('id="timeline"') :]
    assert "missing_child_fir" not in timeline and "arrested" not in timeline
    assert "لاپتہ بچے کی ایف آئی آر درج" in timeline and "#1: گرفتار" in timeline
    english = _page(personas["sup"], ref, "en")
    timeline = english[english.index('id="timeline"') :]
    assert "An FIR is registered for a missing child: escalated to Supervisor (1×)" in timeline
    assert "#1: Arrested" in timeline
