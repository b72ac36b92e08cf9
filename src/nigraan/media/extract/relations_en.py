"""Perpetrator relations and counts that an English sentence states outright."""

from __future__ import annotations

import re
from functools import lru_cache

from nigraan.media.extract import lexicon_en as lex
from nigraan.media.extract.calendar import parse_number


@lru_cache(maxsize=8_192)
def relation_of(text: str) -> str | None:
    for pattern, category in lex.RELATION_PATTERNS:
        if pattern.search(text):
            return category
    return None


@lru_cache(maxsize=8_192)
def relation_noun(text: str) -> str | None:
    """The relation a word or two-word noun names in full ('father', 'prayer leader')."""
    for pattern, category in lex.RELATION_PATTERNS:
        if pattern.fullmatch(text):
            return category
    return None


_IS_RELATION = re.compile(
    r"\b(?:suspect|accused|killer|culprit|rapist|perpetrator|assailant|abductor)\b[^.;]{0,60}?"
    r"\b(?:is|was|being|turned out to be)\s+(?:her|his|the victim's|the girl's|the boy's|a|an|"
    r"their)\s+(?P<rel>(?:[\w-]+\s+){0,2}[\w-]+)",
    re.IGNORECASE,
)
_INCEST = re.compile(
    r"\b(?:rap\w+|sodomi\w+|abus\w+|molest\w+|impregnat\w+|assault\w*)\s+(?:of\s+)?(?:his|her|"
    r"their)\s+(?:own\s+|biological\s+|real\s+|minor\s+|\w+-year-old\s+)*(?:step-?)?(?:daughter|"
    r"son|niece|nephew|sister|granddaughter)s?\b|\b(?:rape|sodomy|abuse) of (?:his |a )?"
    r"(?:biological|own|real) (?:daughter|son)\b",
    re.IGNORECASE,
)
_COUNT_PAIR = re.compile(
    r"\b(?P<a>\w+) (?:men|persons|suspects|accused) and (?P<b>\w+) (?:women|woman)\b", re.I
)
_NOMINATED = re.compile(
    r"\bnumber of (?:nominated )?(?:accused|suspects|culprits) (?:is|was|are|were|stands at) "
    r"(?P<n>\w+)",
    re.IGNORECASE,
)


def sentence_relations(sentence: str) -> list[str]:
    """Relations a sentence states outright ('the suspect is a neighbour of the deceased')."""
    found = []
    for match in _IS_RELATION.finditer(sentence):
        relation = relation_of(match["rel"].lower())
        if relation:
            found.append(relation)
    if _INCEST.search(sentence):
        found.append("family")
    return found


def stated_perp_counts(sentence: str) -> list[int]:
    """Counts said in so many words ('three men and one woman', 'nominated accused is 10')."""
    counts = []
    for match in _COUNT_PAIR.finditer(sentence):
        a, b = parse_number(match["a"]), parse_number(match["b"])
        if a and b:
            counts.append(a + b)
    for match in _NOMINATED.finditer(sentence):
        n = parse_number(match["n"])
        if n:
            counts.append(n)
    return counts
