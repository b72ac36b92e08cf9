"""The words of notices and SMS messages come from gettext in one module, in English and Urdu,
whatever language the request that caused them was in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from nigraan.cases import notices_text

DUE = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("active", ["en", "ur"])
def test_an_escalation_notice_reads_as_before_in_any_request_language(active):
    with translation.override(active):
        text = notices_text.deadline_escalated(
            ref="NGR-AAAA0001", title="The FIR", title_ur="ایف آئی آر", accused="2", due_at=DUE
        )
    assert text == (
        "NGR-AAAA0001: missed deadline “The FIR” (accused 2) (due 2026-03-02 07:30 UTC), "
        "escalated to you · مقررہ وقت گزر گیا: ایف آئی آر"
    )


def test_a_warning_names_the_day_and_the_urdu_title():
    text = notices_text.deadline_warning(
        ref="NGR-AAAA0001", title="Bail", title_ur="ضمانت", accused="", due_at=DUE
    )
    assert text == "NGR-AAAA0001: “Bail” runs out on 2026-03-02 · مقررہ وقت قریب: ضمانت"


@pytest.mark.parametrize("active", ["en", "ur"])
def test_the_reporter_is_told_of_bail_in_english_then_urdu(active):
    with translation.override(active):
        message = notices_text.release_message_to_reporter(custody="bailed", day="2026-03-02")
        sms = notices_text.release_sms_to_reporter(custody="bailed", day="2026-03-02")
    assert message == (
        "An accused person in your case was released on bail on 2026-03-02. You can write to "
        "the officer here. آپ کے مقدمے میں ایک ملزم 2026-03-02 کو ضمانت پر رہا ہوا۔ آپ یہاں افسر "
        "کو لکھ سکتے ہیں۔"
    )
    assert sms == (
        "Nigraan: An accused person in your case was released on bail on 2026-03-02. "
        "نگران: آپ کے مقدمے میں ایک ملزم 2026-03-02 کو ضمانت پر رہا ہوا۔"
    )


def test_a_release_or_acquittal_is_told_as_a_release():
    sms = notices_text.release_sms_to_reporter(custody="acquitted", day="2026-03-02")
    assert "was released on 2026-03-02" in sms and "کو رہا ہوا" in sms


def test_oversight_notices_stay_short_enough_for_a_notice():
    assert len(notices_text.outcome_flagged(ref="NGR-AAAA0001", why="x" * 400)) == 300
