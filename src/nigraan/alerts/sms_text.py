"""An alert as an SMS: the shortest honest text within a segment budget, always with its link.

What must be said is never cut: the headline (who is missing, where), what to do, and the link to
the alert's page (photo and full description). The description fills the room that is left, cut
at a word and marked "...", or is left out. A drill says so first. If what must be said does not
fit, the text is refused (``SmsTooLong``) and staff shorten the headline: nothing is sent
half-said. In English, typographic quotes and dashes become their GSM-7 equivalents, so one stray
curly apostrophe does not turn a 160-character message into a 70-character one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from nigraan.alerts.content import MissingChildAlert
from nigraan.alerts.gsm7 import SmsCount, count_segments

MAX_SEGMENTS = {"en": 2, "ur": 3}  # 306 GSM-7 characters in English, 201 UCS-2 in Urdu
_TYPOGRAPHIC = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


class SmsTooLong(ValueError):
    """What must be said does not fit the segment budget; ``message_ur`` says it in Urdu."""

    message_ur = "ایس ایم ایس بہت لمبا ہے: سرخی یا ہدایت مختصر کریں"


@dataclass(frozen=True)
class SmsText:
    text: str
    count: SmsCount


def _clean(text: str, language: str) -> str:
    text = " ".join(text.split())
    return text.translate(_TYPOGRAPHIC) if language == "en" else text


def _sentence(text: str) -> str:
    """End the headline with a full stop (Urdu's ۔ after Urdu script) before more follows."""
    if not text or text[-1] in ".!?۔:…":
        return text
    return text + ("۔" if "\u0600" <= text[-1] <= "\u06ff" else ".")


def _join(lead: str, headline: str, details: str, call: str, link: str) -> str:
    first = _sentence(f"{lead}: {headline}" if lead else headline)
    return " ".join(part for part in (first, _sentence(details), call, link) if part)


def compose_sms(
    *, language: str, lead: str, headline: str, details: str, call: str, link: str
) -> SmsText:
    """``lead``, ``headline``, ``call`` and ``link`` are always sent; ``details`` as far as the
    budget (MAX_SEGMENTS for the language) allows."""
    lead, headline, details, call = (
        _clean(part, language) for part in (lead, headline, details, call)
    )
    budget = MAX_SEGMENTS[language]
    full = _join(lead, headline, details, call, link)
    if count_segments(full).segments <= budget:
        return SmsText(full, count_segments(full))
    ellipsis = "..." if language == "en" else "…"  # one UCS-2 unit; in GSM-7 it is not there
    words = details.split()
    low, high = 0, len(words) - 1  # the most words of the description that still fit
    while low < high:
        middle = (low + high + 1) // 2
        trial = _join(lead, headline, " ".join(words[:middle]) + ellipsis, call, link)
        if count_segments(trial).segments <= budget:
            low = middle
        else:
            high = middle - 1
    trimmed = " ".join(words[:low]) + ellipsis if low else ""
    text = _join(lead, headline, trimmed, call, link)
    count = count_segments(text)
    if count.segments > budget:
        raise SmsTooLong(
            f"the headline, instruction and link alone take {count.segments} segments "
            f"({count.units} {count.encoding} units); at most {budget} are allowed"
        )
    return SmsText(text, count)


def alert_sms(alert: MissingChildAlert, language: str) -> SmsText:
    """The alert (or an update of it) as an SMS in one language."""
    text = alert.texts[language]
    with translation.override(language):
        lead = gettext("EXERCISE, not real") if alert.exercise else ""
    return compose_sms(
        language=language,
        lead=lead,
        headline=text.headline,
        details=text.description,
        call=text.instruction,
        link=alert.web[language],
    )


def all_clear_sms(alert: MissingChildAlert, language: str) -> SmsText:
    """The child was found: no name, no description, only thanks and the link."""
    text = alert.texts[language]
    with translation.override(language):
        headline = gettext("Child found: the alert for %(place)s has ended") % {
            "place": text.place or text.area_description
        }
        lead = gettext("EXERCISE, not real") if alert.exercise else ""
        thanks = gettext("Thank you.")
    return compose_sms(
        language=language,
        lead=lead,
        headline=headline,
        details="",
        call=thanks,
        link=alert.web[language],
    )


def cancel_sms(alert: MissingChildAlert, language: str, reason: str) -> SmsText:
    """The alert withdrawn, with the reason as far as it fits."""
    text = alert.texts[language]
    with translation.override(language):
        headline = gettext("Alert withdrawn: %(place)s") % {
            "place": text.place or text.area_description
        }
        lead = gettext("EXERCISE, not real") if alert.exercise else ""
        call = gettext("No action is needed.")
    return compose_sms(
        language=language,
        lead=lead,
        headline=headline,
        details=reason,
        call=call,
        link=alert.web[language],
    )
