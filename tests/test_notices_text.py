"""Staff notices are made as data (a kind and its parameters) whatever language the request that
caused them was in; the reporter's release message and SMS come from gettext in English, then
Urdu."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from nigraan.cases import notices_text
from nigraan.notify.notice_words import english_text

DUE = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("active", ["en", "ur"])
def test_an_escalation_notice_is_data_whatever_the_request_language(active):
    with translation.override(active):
        notice = notices_text.deadline_escalated(
            ref="NGR-AAAA0001",
            rule_id="fir_registration",
            title="The FIR",
            title_ur="ایف آئی آر",
            accused="2",
            due_at=DUE,
        )
    assert notice.kind == "deadline_escalated"
    assert notice.params == {
        "ref": "NGR-AAAA0001",
        "rule": "fir_registration",
        "title": "The FIR",
        "title_ur": "ایف آئی آر",
        "accused": "2",
        "due": "2026-03-02T07:30:00Z",
    }


def test_a_closing_notice_carries_the_reasons_titles_in_both_languages():
    notice = notices_text.closure_requested(ref="NGR-AAAA0001", reason_code="duplicate")
    assert notice.params["reason_code"] == "duplicate"
    assert notice.params["reason"] and notice.params["reason_ur"]


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
    notice = notices_text.outcome_flagged(ref="NGR-AAAA0001", outcome="compromise", why="x" * 400)
    assert len(english_text(notice)) == 300
