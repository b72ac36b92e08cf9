"""Read one Urdu sentence into ``SentenceFacts``."""

from __future__ import annotations

import datetime as dt
import re

from nigraan.media.extract import facts as f
from nigraan.media.extract import lexicon_ur as lex
from nigraan.media.extract.article import Sentence
from nigraan.media.extract.calendar import (
    FULL_DATE,
    DateMention,
    date_from_match,
    parse_number,
    resolve_month_day,
    resolve_weekday,
    to_ascii_digits,
)
from nigraan.media.extract.words import words

_CUES = [
    (f.GANG, lex.GANG),
    (f.RAPE, lex.RAPE),
    (f.SODOMY, lex.SODOMY),
    (f.SEXUAL_ASSAULT, lex.SEXUAL_ASSAULT),
    (f.HARASSMENT, lex.HARASSMENT),
    (f.PORNOGRAPHY, lex.PORNOGRAPHY),
    (f.BLACKMAIL, lex.BLACKMAIL),
    (f.RING, lex.RING),
    (f.ABDUCTION, lex.ABDUCTION),
    (f.CHILD_MARRIAGE, lex.CHILD_MARRIAGE),
    (f.MURDER, lex.MURDER),
    (f.LEGISLATION, lex.LEGISLATION),
    (f.FOREIGN, lex.FOREIGN),
    (f.PAKISTAN, lex.PAKISTAN),
    (f.BACKGROUND, lex.BACKGROUND),
    (f.CHILD, lex.CHILD),
    (f.REFERS_BACK, lex.REFERS_BACK),
]
_SECTION_CUES = {"376": f.RAPE, "377": f.SODOMY, "377B": f.SEXUAL_ASSAULT, "509": f.HARASSMENT,
                 "364A": f.ABDUCTION, "365B": f.ABDUCTION, "302": f.MURDER}  # fmt: skip
_LETTERS = {"اے": "A", "بی": "B", "سی": "C"}
_TOKEN = re.compile(r"[^\s۔،؛:()\"'“”]+")
_ADJECTIVES = words("کمسن کم سن نابالغ معصوم سالہ طالبہ")
_OBJECT_MARKERS = words("کو سے ساتھ")
_OFFENCE = re.compile(
    r"زیادتی|بدفعلی|اغوا|قتل|ہراساں|نشانہ|نکاح|شادی|درندگی|تشدد|رشتہ\s*طے|فیصلہ\s*قبول|ونی"
)
_REPORTING = re.compile(r"بتایا|کہا|درخواست|شکایت")
_BIG_NUMBER = re.compile(r"[0-9۰-۹]{3,}|فیصد")
_STATED_RELATION = re.compile(r"ملزم[^۔]{0,30}?(?:کا|کی|کے)\s+(\S+(?:\s+\S+)?)\s+(?:ہے|تھا|نکلا)")
_NAMED = re.compile(r"(\S+)\s+نامی")
_AGE_WORDS = re.compile(r"عمر\s*([0-9۰-۹]+)\s*سال")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _number_before(tokens: list[str], index: int) -> tuple[int | None, int | None]:
    """(count, age) from the words before a noun: 'دو کمسن بچیوں', '8 سالہ بچی'."""
    count = age = None
    j = index - 1
    while j >= 0 and index - j <= 4:
        word = tokens[j]
        if word == "سالہ" and j > 0 and parse_number(tokens[j - 1]) is not None:
            age = parse_number(tokens[j - 1])
            j -= 2
            continue
        number = parse_number(word)
        if number is not None:
            count = number
            break
        if word not in _ADJECTIVES:
            break
        j -= 1
    return count, age


def _victims(tokens: list[str], text: str) -> list[f.VictimRef]:
    refs = []
    stated_age = _AGE_WORDS.search(text)
    for i, word in enumerate(tokens):
        if word == "طالب" and tokens[i + 1 : i + 2] == ["علم"]:
            word = "طالب علم"  # a two-word noun (student), read at its first word
        if word not in lex.FEMALE | lex.MALE | lex.NEUTRAL:
            continue
        after = tokens[i + 1 + (word == "طالب علم") : i + 3 + (word == "طالب علم")]
        if "نے" in after:
            continue  # the doer of the act, not the one it was done to
        count, age = _number_before(tokens, i)
        if age is None and stated_age:
            age = parse_number(stated_age.group(1))
        plural = word in lex.PLURAL
        if count is None and not plural:
            count = 1
        core = bool(set(after) & _OBJECT_MARKERS) and bool(
            _OFFENCE.search(" ".join(tokens[i + 1 : i + 8]))
        )
        gender = "female" if word in lex.FEMALE else "male" if word in lex.MALE else "unknown"
        refs.append(
            f.VictimRef(
                start=i,
                count=count,
                plural=plural,
                gender=gender,
                age=age,
                age_range=False,
                child=word not in {"خاتون", "خواتین"} or (age is not None and age < 18),
                teen=False,
                indefinite=i > 0 and tokens[i - 1] == "ایک",
                core=core,
            )
        )
    return refs


def _relation(words: str) -> str | None:
    return next((category for pattern, category in lex.RELATIONS if pattern.search(words)), None)


def _perps(tokens: list[str]) -> list[f.PerpRef]:
    refs = []
    for i, word in enumerate(tokens):
        pair = " ".join(tokens[i : i + 2])
        relation = _relation(pair) if _relation(word) or _relation(pair) else None
        if relation == "unknown" and word not in lex.PERPETRATOR:
            continue  # "نامعلوم" describes a person; it is not one
        if word not in lex.PERPETRATOR and relation is None:
            continue
        ahead = tokens[i + 1 : i + 4]
        rest = " ".join(tokens[i + 1 : i + 10])
        if "نے" in ahead and (offence := _OFFENCE.search(rest)):
            clause = None if _REPORTING.search(rest[: offence.start()]) else "offence"
        elif "خلاف" in ahead:
            clause = "accused"
        elif "گرفتار" in " ".join(tokens[i + 1 : i + 5]):
            clause = "arrest"
        elif word in lex.PERPETRATOR:
            clause = "mention"
        else:
            clause = None
        if clause is None:
            continue
        count, _ = _number_before(tokens, i)
        plural = word in lex.PERPETRATOR_PLURAL
        phrase = " ".join(tokens[max(0, i - 2) : i + 3])
        refs.append(
            f.PerpRef(
                start=i,
                count=count if count is not None else (None if plural else 1),
                plural=plural,
                relation=relation or _relation(phrase),
                clause=clause,
                on_suspicion=False,
            )
        )
    return refs


def _police(text: str) -> set[str]:
    found = set()
    if lex.ARRESTED.search(text) and not lex.ARREST_NOT_DONE.search(text):
        found.add(f.ARRESTED)
    if lex.REFUSED.search(text):
        found.add(f.REFUSED)
    elif lex.FIR.search(text):
        found.add(f.FIR)
    if lex.NOT_REPORTED.search(text):
        found.add(f.NOT_REPORTED)
    return found


def _bound(text: str, end: int) -> bool:
    after = text[end : end + 70]
    event = lex.EVENT.search(after)
    if event is None:
        return False
    return not lex.REJECT.search(after[: event.start()])


def _dates(text: str, published: dt.date | None) -> list[DateMention]:
    found = []
    for match in FULL_DATE.finditer(text):
        day, stated = date_from_match(match, published.year if published else None)
        if day and (stated or published) and _bound(text, match.end()):
            if not stated and published:
                day = resolve_month_day(day, published)
            found.append(DateMention(match.start(), match.end(), day, 1 if stated else 2))
    if published:
        for match in lex.WEEKDAY.finditer(text):
            if _bound(text, match.end()):
                day = resolve_weekday(_WEEKDAY_KEYS.get(match[1], match[1]), published)
                found.append(DateMention(match.start(), match.end(), day, 2))
        for match in lex.YESTERDAY.finditer(text):
            if _bound(text, match.end()):
                day = published - dt.timedelta(days=1)
                found.append(DateMention(match.start(), match.end(), day, 2))
    return found


_WEEKDAY_KEYS = {"ہفتے": "ہفتہ"}


def read_sentence(sentence: Sentence, published: dt.date | None) -> f.SentenceFacts:
    text = sentence.text
    facts = f.SentenceFacts(sentence)
    masked = lex.ATTEMPT.sub(" ", text)
    facts.cues = {f.ATTEMPT} if lex.ATTEMPT.search(text) else set()
    facts.cues |= {name for name, pattern in _CUES if pattern.search(masked)}
    if lex.STATISTICS.search(text) and _BIG_NUMBER.search(text):
        facts.cues.add(f.STATISTICS)
    if lex.SPLIT.search(text):
        facts.cues.add(f.SPLIT)
    for match in lex.SECTION.finditer(text):
        section = to_ascii_digits(match[1]) + _LETTERS.get(match[2] or "", match[2] or "")
        facts.sections.add(section)
        if section in _SECTION_CUES:
            facts.cues.add(_SECTION_CUES[section])
    tokens = _tokens(text)
    facts.victims = _victims(tokens, text)
    facts.perps = _perps(tokens)
    facts.relations = [r for m in _STATED_RELATION.finditer(text) if (r := _relation(m[1]))]
    facts.police = _police(text)
    facts.dates = _dates(text, published)
    facts.names = {m[1] for m in _NAMED.finditer(text)}
    return facts
