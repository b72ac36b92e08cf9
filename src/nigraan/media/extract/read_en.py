"""Read one English sentence into ``SentenceFacts``."""

from __future__ import annotations

import datetime as dt
import re

from nigraan.media.extract import facts as f
from nigraan.media.extract import lexicon_en as lex
from nigraan.media.extract.article import Sentence
from nigraan.media.extract.calendar import (
    FULL_DATE,
    DateMention,
    date_from_match,
    parse_number,
    resolve_month_day,
    resolve_weekday,
)
from nigraan.media.extract.people_en import perp_refs, sentence_tokens, victim_refs
from nigraan.media.extract.relations_en import sentence_relations, stated_perp_counts
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
    (f.BACKGROUND, lex.BACKGROUND),
    (f.CHILD, lex.CHILD_WORDS),
    (f.REFERS_BACK, lex.REFERS_BACK),
]
_CASED_CUES = [(f.FOREIGN, lex.FOREIGN), (f.PAKISTAN, lex.PAKISTAN)]
_SECTION_CUES = {
    "376": f.RAPE,
    "377": f.SODOMY,
    "377B": f.SEXUAL_ASSAULT,
    "354": f.SEXUAL_ASSAULT,
    "354A": f.SEXUAL_ASSAULT,
    "509": f.HARASSMENT,
    "292": f.PORNOGRAPHY,
    "292B": f.PORNOGRAPHY,
    "292C": f.PORNOGRAPHY,
    "364A": f.ABDUCTION,
    "365B": f.ABDUCTION,
    "498B": f.CHILD_MARRIAGE,
    "302": f.MURDER,
}
_BIG_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b(?! ?(?:km|kilomet))|\d%")
_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:[-'][A-Za-z]+)?\b")
_NOT_NAMES = words(
    "The This That These Police Court Pakistan Punjab Sindh District Station Officer "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
    "April May June July August September October November December Minister Chief High "
    "Supreme Justice Inspector General Superintendent Senior Deputy Additional Sessions "
    "Judge Penal Code Section Act House According Hospital Road Town City Area Colony "
    "Province Government Dawn News Report"
)

_WEEKDAY = re.compile(
    r"\b(?:on |last |this |late )?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?: (?:night|evening|morning|afternoon))?\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?:yesterday|a day earlier|the previous day|a day before|the day before|last night)\b",
    re.IGNORECASE,
)
_DAYS_AFTER_MISSING = re.compile(
    r"\b(?P<n>a|one|two|three|four|\d) days? after (?:she|he|the \w+) (?:went|had gone|was "
    r"reported|had been reported|disappeared|was abducted|was kidnapped)",
    re.IGNORECASE,
)
_DATE_HINT = re.compile(
    r"\d|day\b|yesterday|night|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|jan\b|feb\b|mar\b|apr\b|jun\b|jul\b|aug\b|sept?\b|oct\b"
    r"|nov\b|dec\b"
)
_EVENT = re.compile(
    r"\b(?:rap(?:e|ed)|gang-?rap\w*|abduct\w*|kidnap\w*|went missing|gone missing|go missing|"
    r"disappeared|took place|occurred|happened|picked (?:her |him )?up|sodomi[sz]ed|molested|"
    r"assaulted|abused|attacked|married|marriage|lured|taken captive|murdered|strangled)\b",
    re.IGNORECASE,
)
_REJECT = re.compile(
    r"\b(?:found|discovered|recovered|registered|lodged|filed|arrested|court|hearing|said|says|"
    r"told|announced|confirmed|protest\w*|appeared|visited|approached|reported|emerged|"
    r"came to light|claimed|ordered|notice|press conference|detained|produced|sentenced|"
    r"convicted|dated|informed|returning)\b",
    re.IGNORECASE,
)


def _cues(text: str, lower: str) -> set[str]:
    masked = lex.NOT_AN_ASSERTION.sub(" ", lower)
    cues = {f.ATTEMPT} if lex.ATTEMPT.search(masked) else set()
    masked = lex.ATTEMPT.sub(" ", masked)
    cues |= {name for name, pattern in _CUES if pattern.search(masked)}
    cues |= {name for name, pattern in _CASED_CUES if pattern.search(text)}
    if ("%" in text or lex.STATISTICS.search(lower)) and (
        _BIG_NUMBER.search(text) or re.search(r"\bsahil\b|cruel numbers?", lower)
    ):
        cues.add(f.STATISTICS)
    if lex.SPLIT.search(lower):
        cues.add(f.SPLIT)
    return cues


def _sections(text: str, lower: str) -> set[str]:
    found = set()
    for match in lex.SECTION.finditer(lower):
        found.add(match["n"] + (match["l"] or "").upper())
    for match in re.finditer(r"\b(376|377|292|509|364|365|302)\s*[-/]\s*([A-Ea-e])\b", text):
        found.add(match[1] + match[2].upper())
    return found


def _window_before(text: str, start: int) -> str:
    """The few words before a position, punctuation dropped (for negation checks)."""
    return re.sub(r"[^\w\s'-]", " ", text[max(0, start - 50) : start])


def _police(text: str) -> set[str]:
    """States of police action the sentence reports (``text`` lower-cased)."""
    found = set()
    for match in lex.ARRESTED.finditer(text):
        if not lex.ARREST_NOT_DONE.search(_window_before(text, match.start())):
            found.add(f.ARRESTED)
    for match in lex.FIR.finditer(text):
        if not lex.FIR_NOT_DONE.search(_window_before(text, match.start())):
            found.add(f.FIR)
    if lex.REFUSED.search(text):
        found.add(f.REFUSED)
    if lex.NOT_REPORTED.search(text):
        found.add(f.NOT_REPORTED)
    return found


def _bound(text: str, start: int, end: int) -> bool:
    """The date belongs to the offence: an offence or disappearance verb comes just before it
    (or just after a sentence-opening date) with no discovery, FIR, court or reporting verb in
    between."""
    before = text[max(0, start - 90) : start]
    events = list(_EVENT.finditer(before))
    if events:
        tail = before[events[-1].end() :]
        if not _REJECT.search(tail) and len(tail.split()) <= 10:
            return True
    when = re.search(r"\bwhen\b", text[end:])
    if when and not _REJECT.search(text[end : end + when.start()]):
        clause = text[end + when.end() : end + when.end() + 100]
        event_after = _EVENT.search(clause)
        if event_after and not _REJECT.search(clause[: event_after.start()]):
            return True  # "went to the shop on Tuesday evening when the shopkeeper abused him"
    if re.search(r"(?:^|[,;]\s*)on\s+$", text[max(0, start - 6) : start], re.IGNORECASE):
        after = text[end : end + 120]
        event = _EVENT.search(after)
        if (
            event
            and not _REJECT.search(after[: event.start()])
            and (len(after[: event.start()].split()) <= 12)
        ):
            return True
    return False


def _resolved(match: re.Match[str], published: dt.date | None) -> tuple[dt.date | None, int]:
    if match.re is FULL_DATE:
        day, stated = date_from_match(match, published.year if published else None)
        if day and not stated and published:
            return resolve_month_day(day, published), 2
        return (day, 1) if stated else (None, 0)
    if published is None:
        return None, 0
    if match.re is _WEEKDAY:
        return resolve_weekday(match["w"], published), 2
    return None, 0


def _dates(text: str, published: dt.date | None) -> list[DateMention]:
    mentions: list[tuple[re.Match[str], dt.date]] = []
    for pattern in (FULL_DATE, _WEEKDAY):
        for match in pattern.finditer(text):
            day, _ = _resolved(match, published)
            if day:
                mentions.append((match, day))
    found = []
    for match, day in mentions:
        if _bound(text, match.start(), match.end()):
            precision = 1 if match.re is FULL_DATE and re.search(r"\d{4}", match.group()) else 2
            found.append(DateMention(match.start(), match.end(), day, precision))
    missing = _DAYS_AFTER_MISSING.search(text)
    if missing and mentions:
        days = parse_number(missing["n"]) or 1
        day = mentions[0][1] - dt.timedelta(days=days)
        found.append(DateMention(missing.start(), missing.end(), day, 2))
    for match in _RELATIVE.finditer(text):
        anchor = mentions[0][1] if mentions else published
        if anchor and _bound(text, match.start(), match.end()):
            found.append(DateMention(match.start(), match.end(), anchor - dt.timedelta(days=1), 2))
    return found


def read_sentence(sentence: Sentence, published: dt.date | None) -> f.SentenceFacts:
    text = sentence.text
    facts = f.SentenceFacts(sentence)
    lower = text.lower()
    facts.cues = _cues(text, lower)
    facts.sections = _sections(text, lower)
    facts.cues |= {_SECTION_CUES[s] for s in facts.sections if s in _SECTION_CUES}
    if facts.sections & {"376", "377", "377B", "292B", "292C", "364A"}:
        facts.cues.add(f.PAKISTAN)
    tokens = sentence_tokens(text)
    facts.victims = victim_refs(tokens, headline=sentence.is_title or sentence.is_heading)
    facts.perps = perp_refs(tokens)
    facts.relations = sentence_relations(text)
    facts.perp_counts = stated_perp_counts(text)
    facts.police = _police(lower)
    facts.dates = _dates(text, published) if _DATE_HINT.search(lower) else []
    facts.names = {m.group() for m in _NAME.finditer(text)} - _NOT_NAMES
    return facts
