# ruff: noqa: E501 (SMS texts are kept whole on one line, as in intake/sms_words.py)
"""Opting in and out of missing-child alerts by SMS keyword, in English and Urdu.

``ALERT Korangi`` (or ``الرٹ کورنگی``) subscribes the sender to the alerts of the district named;
``ALERT STOP`` (``الرٹ بند``) deletes the subscription. The keyword is read by the SMS
conversation (``intake.sms``) before a report conversation starts, on the same gateway path,
once per message however often the gateway retries it. The reply is in the language the keyword
was written in. The number is kept sealed (``subscribers.subscribe``), never in the clear.
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass

from nigraan.alerts.models import OptInChannel
from nigraan.alerts.phones import PhoneInvalid
from nigraan.alerts.subscribers import SubscriptionInvalid, subscribe, unsubscribe
from nigraan.geo.gazetteer import place_district

# The first word of the message. Roman Urdu writes the English word.
KEYWORDS = {"alert": "en", "alerts": "en", "الرٹ": "ur", "الرٹس": "ur", "انتباہ": "ur"}
OFF_WORDS = {"stop", "off", "end", "band", "khatam", "بند", "ختم", "روکیں"}

REPLIES = {
    "en": {
        "on": "Nigraan: you will get missing-child alerts for {district}. To stop, reply ALERT STOP.",
        "off": "Nigraan: you will get no more missing-child alerts. To start again, reply ALERT and your district.",
        "off_none": "Nigraan: this number was not subscribed to alerts.",
        "how": "Nigraan: to get missing-child alerts, reply ALERT and your district, e.g. ALERT Korangi.",
        "unknown": "Nigraan: we could not find that district. Reply ALERT and your district's name, e.g. ALERT Korangi.",
        "bad_number": "Nigraan: alerts can only be sent to a Pakistani mobile number.",
        "confirm": "Nigraan: someone asked on our website for missing-child alerts for {district} to this number. To confirm, reply: ALERT {keyword}. If it was not you, ignore this.",
    },
    "ur": {
        "on": "نگران: آپ کو {district} کے لاپتہ بچوں کے الرٹ ملیں گے۔ بند کرنے کے لیے «الرٹ بند» لکھیں۔",
        "off": "نگران: اب آپ کو لاپتہ بچوں کے الرٹ نہیں ملیں گے۔ دوبارہ شروع کرنے کے لیے «الرٹ» اور اپنے ضلع کا نام لکھیں۔",
        "off_none": "نگران: یہ نمبر الرٹ کے لیے درج نہیں تھا۔",
        "how": "نگران: لاپتہ بچوں کے الرٹ کے لیے «الرٹ» اور اپنے ضلع کا نام لکھیں، مثلاً الرٹ کورنگی۔",
        "unknown": "نگران: یہ ضلع نہیں ملا۔ «الرٹ» اور اپنے ضلع کا نام لکھیں، مثلاً الرٹ کورنگی۔",
        "bad_number": "نگران: الرٹ صرف پاکستانی موبائل نمبر پر بھیجے جا سکتے ہیں۔",
        "confirm": "نگران: ہماری ویب سائٹ پر اس نمبر کے لیے {district} کے لاپتہ بچوں کے الرٹ مانگے گئے۔ تصدیق کے لیے جواب دیں: الرٹ {keyword}۔ اگر یہ آپ نہیں تھے تو اسے نظرانداز کریں۔",
    },
}


@dataclass(frozen=True)
class Keyword:
    language: str
    off: bool
    rest: str  # what follows the keyword: the district's name


def parse(text: str) -> Keyword | None:
    """The alert keyword in a message, or None when the message is not about alerts."""
    words = unicodedata.normalize("NFC", text).strip().split(maxsplit=1)
    if not words:
        return None
    language = KEYWORDS.get(words[0].strip(".,!?۔:").lower())
    if language is None:
        return None
    rest = words[1].strip(" .,!?۔") if len(words) > 1 else ""
    return Keyword(language=language, off=rest.lower() in OFF_WORDS, rest=rest)


def answer(phone: str, keyword: Keyword) -> str:
    """Subscribe or unsubscribe the sender as the keyword asks; the reply to send them."""
    say = REPLIES[keyword.language]
    try:
        if keyword.off:
            return say["off"] if unsubscribe(phone) else say["off_none"]
        if not keyword.rest:
            return say["how"]
        match = place_district(keyword.rest)
        if match is None:
            return say["unknown"]
        subscribe(
            phone,
            language=keyword.language,
            opted_in_by=OptInChannel.SMS,
            district_code=match.district_code,
        )
    except PhoneInvalid:
        return say["bad_number"]
    except SubscriptionInvalid:
        return say["unknown"]
    name = match.district_ur if keyword.language == "ur" else match.district_en
    return say["on"].format(district=name)


def opted_out(phone: str) -> None:
    """The gateway reports a carrier opt-out (e.g. Twilio's STOP): forget the subscription."""
    with contextlib.suppress(PhoneInvalid):
        unsubscribe(phone)
