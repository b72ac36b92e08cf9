"""SMS segments are counted as networks count them (GSM-7 with its extension table, UCS-2 for
Urdu), and an alert becomes the shortest honest text within its budget, always with its link."""

from __future__ import annotations

import dataclasses

import pytest

from alerts_support import sample_alert
from nigraan.alerts.gsm7 import GSM7, GSM7_BASIC, GSM7_EXTENSION, UCS2, count_segments
from nigraan.alerts.sms_text import (
    MAX_SEGMENTS,
    SmsTooLong,
    alert_sms,
    all_clear_sms,
    cancel_sms,
    compose_sms,
)


def test_the_tables_are_the_gsm_default_alphabet_and_its_extension():
    assert len(GSM7_BASIC) == 127  # 128 codes, less the escape
    assert len(GSM7_EXTENSION) == 10
    assert {"@", "£", "Δ", "é", "Ñ", "§", "¿", "\n"} <= GSM7_BASIC
    assert not {"`", "ç", "á", "’"} & GSM7_BASIC


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", GSM7, 0, 1),
        ("a" * 160, GSM7, 160, 1),
        ("a" * 161, GSM7, 161, 2),
        ("a" * 306, GSM7, 306, 2),
        ("a" * 307, GSM7, 307, 3),
        ("€" * 80, GSM7, 160, 1),  # an extension character costs two septets
        ("a" * 159 + "€", GSM7, 161, 2),
        # 152 septets then "[" (two): the pair cannot straddle, so it opens the second segment
        ("a" * 152 + "[" + "a" * 153, GSM7, 307, 3),
        ("a" * 151 + "[" + "a" * 153, GSM7, 306, 2),
        ("ب" * 70, UCS2, 70, 1),
        ("ب" * 71, UCS2, 71, 2),
        ("ب" * 134, UCS2, 134, 2),
        ("ب" * 135, UCS2, 135, 3),
        ("a" * 69 + "’", UCS2, 70, 1),  # one curly apostrophe makes the whole text UCS-2
        ("😀" * 35, UCS2, 70, 1),  # outside the BMP: two UTF-16 units each
        ("a" * 66 + "😀" + "a" * 10, UCS2, 78, 2),
        ("a" * 66 + "😀" + "a" * 66, UCS2, 134, 3),  # the surrogate pair is not split
    ],
)
def test_segments_are_counted_as_networks_count_them(text, encoding, units, segments):
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


def test_the_english_alert_fits_its_budget_with_headline_instruction_and_link():
    alert = sample_alert()
    sms = alert_sms(alert, "en")
    assert sms.count.encoding == GSM7 and sms.count.segments <= MAX_SEGMENTS["en"]
    assert sms.text.startswith("Missing child: Bilal, 6, last seen at Korangi Crossing, Karachi. ")
    assert sms.text.endswith("If you see him, call Police 15 or 1099. " + alert.web["en"])
    assert "blue shalwar kameez" in sms.text
    assert sms.count == count_segments(sms.text)


def test_the_urdu_alert_is_ucs2_and_keeps_what_must_be_said():
    alert = sample_alert()
    sms = alert_sms(alert, "ur")
    assert sms.count.encoding == UCS2 and sms.count.segments <= MAX_SEGMENTS["ur"]
    assert sms.text.startswith(alert.texts["ur"].headline + "۔ ")
    assert alert.texts["ur"].instruction in sms.text
    assert sms.text.endswith(alert.web["ur"])
    assert "…" in sms.text  # the description was cut at a word, and says so


def test_a_long_description_is_cut_at_a_word_and_marked():
    text = dataclasses.replace(sample_alert().texts["en"], description="word " * 200)
    alert = sample_alert(texts={**sample_alert().texts, "en": text})
    sms = alert_sms(alert, "en")
    assert sms.count.segments == 2 and sms.count.units <= 306
    assert "word..." in sms.text and "wor..." not in sms.text
    shorter = compose_sms(
        language="en",
        lead="",
        headline="Missing child",
        details="word " * 200,
        call="Call 15.",
        link="https://x.example/a",
    )
    assert shorter.count.units > 300  # it fills the room it has, no more


def test_typographic_punctuation_does_not_cost_a_segment_in_english():
    sms = compose_sms(
        language="en",
        lead="",
        headline="Missing child: Ali’s “brother” – 6",
        details="",
        call="Call 15…",
        link="https://x.example/a",
    )
    assert sms.count.encoding == GSM7
    assert 'Ali\'s "brother" - 6' in sms.text and sms.text.count("...") == 1


def test_what_must_be_said_is_never_cut_the_text_is_refused_instead():
    with pytest.raises(SmsTooLong, match="segments"):
        compose_sms(
            language="ur",
            lead="",
            headline="ب" * 250,
            details="",
            call="فون کریں",
            link="https://x.example/a",
        )


def test_a_drill_says_so_first_in_both_languages():
    drill = sample_alert(exercise=True)
    assert alert_sms(drill, "en").text.startswith("EXERCISE, not real: Missing child")
    assert alert_sms(drill, "ur").text.startswith("مشق، اصل الرٹ نہیں: لاپتہ بچہ")


def test_the_all_clear_and_withdrawal_name_no_child_and_fit_one_or_two_segments():
    alert = sample_alert()
    found_en = all_clear_sms(alert, "en")
    assert found_en.text == (
        "Child found: the alert for Korangi Crossing, Karachi has ended. Thank you. "
        + alert.web["en"]
    )
    assert found_en.count.segments == 1
    found_ur = all_clear_sms(alert, "ur")
    assert "بلال" not in found_ur.text and found_ur.count.segments <= 2
    withdrawn = cancel_sms(alert, "en", "Issued in error.")
    assert withdrawn.text.startswith("Alert withdrawn: Korangi Crossing, Karachi. Issued in error.")
    assert "Bilal" not in withdrawn.text
