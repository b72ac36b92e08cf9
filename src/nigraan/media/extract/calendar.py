"""Dates and numbers as news text writes them, in English and Urdu.

A small in-house table is used rather than a general date parser: the phrases are few and
formulaic, and a general parser costs milliseconds per call (the extractor's budget is 20 ms per
article).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7,
    "اگست": 8, "ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
    "پیر": 0, "سوموار": 0, "منگل": 1, "بدھ": 2, "جمعرات": 3, "جمعہ": 4, "ہفتہ": 5, "ہفتے": 5,
    "اتوار": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "both": 2, "a couple of": 2,
    "ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8, "نو": 9,
    "دس": 10, "گیارہ": 11, "بارہ": 12, "تیرہ": 13, "چودہ": 14, "پندرہ": 15, "سولہ": 16,
    "سترہ": 17, "اٹھارہ": 18, "بیس": 20,
}  # fmt: skip
_URDU_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True))
_URDU_MONTHS = "|".join(m for m in MONTHS if not m.isascii())
# "July 11, 2025", "18th November 2023", "12 Oct 2020", "Jan 10, 2020", "2023-11-20",
# "12 مارچ 2024"; the year is optional ("on January 13").
FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_NAMES})\.?\s+(?P<d1>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<y1>(?:19|20)\d{{2}}))?"
    rf"|(?P<d2>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<m2>{_MONTH_NAMES})\.?(?:,?\s+(?P<y2>(?:19|20)\d{{2}}))?"
    rf"|(?P<y3>(?:19|20)\d{{2}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
    rf"|(?P<d4>[0-9۰-۹]{{1,2}})\s+(?P<m4>{_URDU_MONTHS})(?:\s+(?P<y4>[0-9۰-۹]{{4}}))?",
    re.IGNORECASE,
)  # fmt: skip
MONTH_ONLY = re.compile(
    rf"\b(?:in|during|since|of)\s+(?P<m>{_MONTH_NAMES})(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b",
    re.IGNORECASE,
)


def to_ascii_digits(text: str) -> str:
    return text.translate(_URDU_DIGITS)


def parse_number(word: str) -> int | None:
    """'15' → 15, 'fifteen' → 15, 'twenty-one' → 21, '۱۵' → 15, 'two and a half' → 2."""
    text = to_ascii_digits(word.strip().lower()).replace(",", "")
    text = re.sub(r"[- ]and[- ]a[- ]half$", "", text)
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    parts = re.split(r"[- ]", text)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        tens, units = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        if tens % 10 == 0 and tens >= 20 and units < 10:
            return tens + units
    return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def date_from_match(match: re.Match[str], year_hint: int | None) -> tuple[dt.date | None, bool]:
    """(the date, whether the text stated its year) for a FULL_DATE match."""
    groups = match.groupdict()
    if groups["y3"]:
        year, month, day, stated = int(groups["y3"]), int(groups["m3"]), int(groups["d3"]), True
    else:
        for n in "124":
            if groups[f"m{n}"]:
                month, day = _month(groups[f"m{n}"]), int(to_ascii_digits(groups[f"d{n}"]))
                stated_year = groups[f"y{n}"]
                break
        stated = bool(stated_year)
        if stated:
            year = int(to_ascii_digits(stated_year))
        elif year_hint:
            year = year_hint
        else:
            return None, False
    try:
        return dt.date(year, month, day), stated
    except ValueError:
        return None, stated


def parse_date_phrase(text: str) -> dt.date | None:
    """The first complete date (with its year) in a short phrase, or None."""
    for match in FULL_DATE.finditer(text):
        day, stated = date_from_match(match, None)
        if day and stated:
            return day
    return None


def resolve_weekday(name: str, published: dt.date) -> dt.date:
    """The most recent such weekday on or before the article's date."""
    weekday = WEEKDAYS[name.lower()]
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def resolve_month_day(day: dt.date, published: dt.date) -> dt.date:
    """A day and month without a year: the latest such day not after the article's date."""
    if day > published:
        try:
            return day.replace(year=published.year - 1)
        except ValueError:
            return day
    return day


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: dt.date
    precision: int  # 1: the day is stated in full; 2: resolved against the article's date
