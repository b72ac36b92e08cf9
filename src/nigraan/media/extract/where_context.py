"""The words around a place name that say what the place is to the story, per language."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nigraan.media.extract.words import words

I = re.IGNORECASE  # noqa: E741 - one letter keeps the tables readable
_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Context:
    abducted_from: re.Pattern[str]
    negative_before: re.Pattern[str]
    negative_after: re.Pattern[str]
    district_before: re.Pattern[str]
    district_after: re.Pattern[str]
    police_before: re.Pattern[str]
    police_after: re.Pattern[str]
    station_before: re.Pattern[str]
    station_after: re.Pattern[str]
    area_after: re.Pattern[str]
    area_of_before: re.Pattern[str]
    city_before: re.Pattern[str]
    city_after: re.Pattern[str]
    possessive_after: re.Pattern[str]
    in_before: re.Pattern[str]
    institution_after: re.Pattern[str]
    unnamed_place: re.Pattern[str]
    villages: Callable[[str], list[str]]


_EN_VILLAGE = [
    re.compile(
        r"\b(?:village|hamlet|basti|goth|dera)\s+(?:of\s+)?(?P<name>(?:[A-Z][\w'-]*(?:\s|$)){1,4})"
    ),
    re.compile(r"(?P<name>(?:[A-Z][\w'’-]*\s){1,3})(?:village|town)\b"),
    re.compile(r"\bChak (?:No\.?\s*)?(?P<number>\d+)(?:[-/ ]?(?P<letters>[A-Z]{1,3})\b)?"),
]
_NOT_VILLAGE_NAMES = words(
    "The A An This That In At Of And Police Station His Her Their Its Same Nearby Model "
    "Satellite New Old"
)


def _english_villages(text: str) -> list[str]:
    names = []
    for pattern in _EN_VILLAGE:
        for match in pattern.finditer(text):
            if "number" in match.groupdict():
                # Punjab's numbered villages: "Chak No. 123-TDA" is written "Chak 123-TDA"
                letters = f"-{match['letters']}" if match["letters"] else ""
                names.append(f"Chak {match['number']}{letters}")
                continue
            name = re.split(r"['’]s\s", match["name"].strip())[-1].strip()
            words = [w for w in name.split() if w not in _NOT_VILLAGE_NAMES]
            if words and words[0] == name.split()[0] and not re.search(r"\b(?:Town|City)\b", name):
                names.append(" ".join(words))
    return names


_UR_FUNCTION_WORDS = words("میں کی کے سے کا پر نے کو ہے تھا تھی اور")
_UR_VILLAGE = re.compile(r"(?:گاؤں|موضع|گوٹھ|بستی|چک)\s+((?:\S+\s+){0,3}\S+)")


def _urdu_villages(text: str) -> list[str]:
    """'گاؤں علی مراد کھوسو میں' → 'علی مراد کھوسو' (up to four words, ending before the
    first postposition)."""
    names = []
    for match in _UR_VILLAGE.finditer(text):
        words = []
        for word in match[1].split():
            if word in _UR_FUNCTION_WORDS:
                break
            words.append(word)
        if words:
            names.append(" ".join(words))
    return names


ENGLISH = Context(
    abducted_from=re.compile(
        r"\b(?:abduct\w*|kidnap\w*|captive|picked up|lured|went missing)\b[^.;]{0,40}\bfrom\s+"
        r"(?:the\s+)?(?:village of\s+)?$",
        I,
    ),
    negative_before=re.compile(
        r"\b(?:arrested|nabbed|apprehended|rounded up|recovered|traced|tracked down|shifted|moved|"
        r"sent|brought|transferred|referred|hailing|native|relatives?|belong\w*|km|kilomet\w*|"
        r"miles|raids?|raided|fled|escaped|absconded|born|hails)\b[^.;]{0,30}?\b(?:from|to|in|at|"
        r"of|into)\s+(?:the\s+)?(?:city of\s+|district\s+)?$"
        r"|\b(?:high court|supreme court|bench)\b[^.;]{0,15}$",
        I,
    ),
    negative_after=re.compile(
        r"^\s*(?:[-–]\s?[A-Z][\w]+\s+)?(?:['’]s\s+)?(?:press club|high court|bench|forensic|"
        r"university|chief minister|government|assembly|inspector|igp?\b|police chief|jail|"
        r"prison|central jail|hospital|motorway|highway|road|bypass|chapter|bar\b|medical|"
        r"secretariat|airport|press\b|cantonment|division police|capital city police|"
        r"home department|child protection|commissioner)|^-based\b|^[-–]\s?[A-Z]\w+ motorway",
        I,
    ),
    district_before=re.compile(r"\b(?:district|distt\.?)(?:\s+of)?\s+$", I),
    district_after=re.compile(r"^\s+(?:district|distt\b\.?)", I),
    police_before=re.compile(
        r"\b(?:DPO|District Police Officer(?:\s*\(DPO\))?|SSP|DIG|RPO|deputy commissioner)\s+$"
        r"|\b(?:commissioner|DPO|SSP|SP|DIG|deputy inspector general|police chief|DC)\s+of\s+$",
        I,
    ),
    police_after=re.compile(
        r"^\s+(?:district\s+)?(?:police|DPO|deputy commissioner|district police officer)\b"
        r"(?!\s+station)",
        I,
    ),
    station_before=re.compile(r"\bSHO\s+$"),
    station_after=re.compile(
        r"^\s+(?:police station|police post|PS\b|SHO\b|station house offic\w*|thana)", I
    ),
    area_after=re.compile(r"^\s+area\b", I),
    area_of_before=re.compile(r"\barea of\s+(?:the\s+)?$", I),
    city_before=re.compile(r"\bcity of\s+$", I),
    city_after=re.compile(r"^\s+city\b|^,\s+a (?:city|town) in\b", I),
    possessive_after=re.compile(r"^['’]s\b"),
    in_before=re.compile(r"\b(?:in|at|near|outskirts of|within)\s+(?:the\s+)?$", I),
    institution_after=re.compile(
        r"^\s+(?:police|government|chief minister|cm\b|inspector|igp?\b|forensic|assembly|"
        r"high court|child protection|home|health|education|law|information|chief)",
        I,
    ),
    unnamed_place=re.compile(r"\b(?:from|in|at) a (?:remote |small |nearby )?(?:village|town)\b"),
    villages=_english_villages,
)

URDU = Context(
    abducted_from=_NEVER,
    negative_before=re.compile(r"(?:ہسپتال|اسپتال|عدالت|جیل)\s+(?:\S+\s+){0,2}$"),
    negative_after=re.compile(
        r"^\s*(?:سے\s+(?:\S+\s+){0,3}(?:گرفتار|برآمد|بازیاب)|(?:کے|کی)?\s*(?:\S+\s+){0,2}"
        r"منتقل|(?:کے|کی)?\s*(?:ہسپتال|اسپتال|عدالت|جیل|پریس کلب))"
    ),
    district_before=re.compile(r"ضلع\s*$"),
    district_after=re.compile(r"^\s*(?:ضلع|کے ضلع)"),
    police_before=re.compile(r"(?:ڈی پی او|ڈسٹرکٹ پولیس آفیسر)\s*$"),
    police_after=re.compile(r"^\s*(?:پولیس|کی پولیس|کے ڈی پی او)(?!\s*اسٹیشن)"),
    station_before=re.compile(r"(?:تھانہ|تھانے|تھانا)\s*$"),
    station_after=re.compile(r"^\s*(?:تھانہ|تھانے|پولیس اسٹیشن)"),
    area_after=re.compile(r"^\s*(?:کے|کی)?\s*(?:علاقے|علاقہ)"),
    area_of_before=_NEVER,
    city_before=re.compile(r"شہر\s*$"),
    city_after=re.compile(r"^\s*(?:شہر|کے شہر)"),
    possessive_after=re.compile(r"^\s*کے\s+(?:نواحی|قریبی)"),
    in_before=_NEVER,
    institution_after=re.compile(r"^\s*(?:پولیس|حکومت|کے وزیر اعلیٰ|اسمبلی|ہائی کورٹ)"),
    unnamed_place=re.compile(r"(?:ایک|کسی)\s+(?:گاؤں|دیہات)"),
    villages=_urdu_villages,
)

CONTEXTS = {"en": ENGLISH, "ur": URDU}
