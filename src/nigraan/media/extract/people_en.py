"""Victims and perpetrators named in an English sentence.

A noun phrase ("at least 15 minor male students", "a 16-year-old girl", "two robbers") is read
backwards from its noun; its role comes from the words around it ("raped by a man": the man is the
perpetrator; "married off to a 22-year-old boy": the boy is not a victim).
"""

from __future__ import annotations

import re

from nigraan.media.extract import lexicon_en as lex
from nigraan.media.extract.calendar import parse_number
from nigraan.media.extract.facts import PerpRef, VictimRef
from nigraan.media.extract.phrases_en import (
    ACCUSED_AFTER,
    ACCUSED_BEFORE,
    AGE_TOKEN,
    ARREST_WORDS,
    DETERMINERS,
    MARRY,
    OBJECT_ONLY,
    OFFENCE_WORDS,
    PASSIVE,
    VICTIM_WORDS,
    acts,
    age_of,
    by_agent,
    next_words,
    passive_offence,
    phrase_start,
    stated_count,
)
from nigraan.media.extract.relations_en import relation_noun, relation_of
from nigraan.media.extract.tokens import Token, clean, tokenise
from nigraan.media.extract.words import words


def _victim_role(tokens: list[Token], start: int, noun: int, headline: bool) -> str:
    """victim, core_victim (the object of the offence), or not_victim. In a headline a noun
    before a participle is its object ('Girl raped', 'girl married off to ...')."""
    before = tokens[start - 1].lower if start else ""
    earlier = [t.lower for t in tokens[max(0, start - 6) : start]]
    following = next_words(tokens, noun, 2)
    if headline and following and following[0].endswith("ed") and OFFENCE_WORDS.match(following[0]):
        return "core_victim"
    if before == "by" or (
        before == "with" and any(AGE_TOKEN.match(t.lower) for t in tokens[start:noun])
    ):
        return "not_victim"
    if before == "to" and MARRY & set(earlier):
        return "not_victim"
    if acts(tokens, noun):
        return "not_victim"
    after = next_words(tokens, noun, 3)
    if after[:1] and after[0] in PASSIVE and len(after) > 1 and ARREST_WORDS.match(after[1]):
        return "not_victim"
    if after[:1] and ARREST_WORDS.match(after[0]):
        return "not_victim"
    is_passive = passive_offence(next_words(tokens, noun, 9))
    if is_passive or any(OFFENCE_WORDS.match(w) for w in earlier[-3:]):
        return "core_victim"
    if before == "of" and len(earlier) >= 2 and OFFENCE_WORDS.match(earlier[-2]):
        return "core_victim"
    return "victim"


_COMPOUND_NEXT = words(
    "abuse abusers marriage marriages protection rights labour labor welfare sexual "
    "pornography care bureau helpline safety trafficking custody court courts"
)


def victim_refs(tokens: list[Token], headline: bool = False) -> list[VictimRef]:
    """Victims named in the sentence. In running text a bare singular noun ('child abuse',
    'the rights of girl') is not a particular victim; in a headline ('Girl raped') it is."""
    refs: list[VictimRef] = []
    for i, token in enumerate(tokens):
        word = token.lower.removesuffix("'s").removesuffix("’s")
        if word not in VICTIM_WORDS and not word.endswith("-year-old"):
            continue
        is_age_alone = bool(AGE_TOKEN.match(word)) and (
            i + 1 >= len(tokens) or tokens[i + 1].is_punct or tokens[i + 1].lower in PASSIVE
        )
        if word not in lex.VICTIM_NOUNS and word not in OBJECT_ONLY and not is_age_alone:
            continue
        following = [t.lower for t in tokens[i + 1 : i + 3]]
        if following and (
            following[0] in lex.VICTIM_NOUNS
            or following[0] in {"male", "female", "afghan", "hindu", "christian"}
            and len(following) > 1
            and following[1] in lex.VICTIM_NOUNS
        ):
            continue  # "minor girl", "minor male students": the first noun is an adjective
        if following and following[0] in _COMPOUND_NEXT:
            continue
        start = phrase_start(tokens, i) if not is_age_alone else max(0, i - 1)
        role = _victim_role(tokens, start, i, headline)
        if role == "not_victim" or (word in OBJECT_ONLY and role != "core_victim"):
            continue
        ref = _victim_ref(tokens, start, i, word, role == "core_victim")
        bare = start == i and not ref.plural and ref.age is None and not is_age_alone
        if bare and not headline:
            continue
        refs.append(ref)
    return refs


def _victim_ref(tokens: list[Token], start: int, noun: int, word: str, core: bool) -> VictimRef:
    phrase = [t.lower for t in tokens[start : noun + 1]]
    age, is_range = None, False
    for j in range(start, noun + 1):
        if AGE_TOKEN.match(tokens[j].lower):
            age, is_range = age_of(tokens, j)
    after = " ".join(t.lower for t in tokens[noun + 1 : noun + 8])
    stated = re.match(r"^,? (?:who was|aged|who is) (\d{1,2})\b", after)
    if age is None and stated:
        age = int(stated.group(1))
    count, count_range = stated_count(tokens, start, noun)
    plural = word.endswith("s") and word not in {"accused"} or word in {"children", "women", "men"}
    if count is None and not plural and not count_range:
        count = 1
    gender = lex.NOUN_GENDER.get(word, "unknown")
    for modifier in phrase[:-1]:
        gender = {"male": "male", "female": "female"}.get(modifier, gender)
    return VictimRef(
        start=tokens[start].start,
        count=None if count_range else count,
        plural=plural,
        gender=gender,
        age=age,
        age_range=is_range,
        child=bool(lex.CHILD_WORDS.search(" ".join(phrase))) or (age is not None and age < 18),
        teen=any(w in {"teenage", "teenager", "teen", "teenagers"} for w in phrase),
        indefinite=phrase[0] in {"a", "an"},
        core=core,
    )


def sentence_tokens(sentence: str) -> list[Token]:
    return tokenise(clean(sentence))


def perp_refs(tokens: list[Token]) -> list[PerpRef]:
    refs: list[PerpRef] = []
    for i, token in enumerate(tokens):
        bigram = f"{tokens[i - 1].lower} {token.lower}" if i else token.lower
        relation = relation_noun(bigram) or relation_noun(token.lower)
        if relation == "unknown":
            relation = None  # "unidentified", "masked": words about a person, not a person
        if token.lower == "members" and re.match(
            r"^of (?:the|a) (?:gang|ring|group|network)\b",
            " ".join(t.lower for t in tokens[i + 1 : i + 4]),
        ):
            relation = "unknown"
        agent_child = token.lower in _AGENT_CHILD and _agentive(tokens, i)
        if token.lower not in lex.PERPETRATOR_NOUNS and relation is None and not agent_child:
            continue
        if token.lower == "accused" and not _accused_is_noun(tokens, i):
            continue
        start = phrase_start(tokens, i)
        phrase = " ".join(t.lower for t in tokens[start : i + 1])
        after = " ".join(t.lower for t in tokens[i + 1 : i + 7])
        clause = _perp_clause(tokens, start, i)
        if clause is None:
            continue
        count, is_range = stated_count(tokens, start, i)
        plural = token.lower.endswith(("s", "men")) and token.lower not in {"accused", "cops"}
        plural = plural or token.lower in {"cops", "people", "personnel"}
        if token.lower == "accused" and count is None:
            plural = not _singular_accused(tokens, start, i)
        if count is None and not plural and not is_range:
            count = 1
        neighbourhood = re.match(
            r"^from (?:his|her|their|the same) (neighbou?rhood|village)", after
        )
        refs.append(
            PerpRef(
                start=tokens[start].start,
                count=None if is_range else count,
                plural=plural,
                relation=relation_of(phrase)
                or ("neighbour" if neighbourhood and neighbourhood[1] != "village" else None)
                or ("acquaintance" if neighbourhood else None),
                clause=clause,
                definite=tokens[start].lower in {"the", "both", "these", "those", "his", "her"},
                on_suspicion=bool(re.match(r"^(?:\w+ )?(?:suspected of|on suspicion)", after))
                and plural,
            )
        )
    return refs


_AGENT_CHILD = words("boy boys teenager teenagers student students")


def _agentive(tokens: list[Token], noun: int) -> bool:
    """A boy who did it: 'by a teenage boy', 'a boy raped', 'with a 14-year-old boy from'."""
    start = phrase_start(tokens, noun)
    if acts(tokens, noun) or by_agent(tokens, start):
        return True
    before = tokens[start - 1].lower if start else ""
    return before == "with" and any(AGE_TOKEN.match(t.lower) for t in tokens[start:noun])


def _accused_is_noun(tokens: list[Token], index: int) -> bool:
    """'the accused', 'both accused', 'nominated accused' (not 'relatives accused the police')."""
    if index == 0:
        return True
    before = tokens[index - 1].lower
    return (
        before in DETERMINERS | {"main", "nominated", "both", "other", "key", "prime", "all"}
        or parse_number(before) is not None
    )


def _singular_accused(tokens: list[Token], start: int, noun: int) -> bool:
    """'the accused' is one person when the text says so: 'an accused', 'the accused, <Name>,',
    'the accused was/has/is'."""
    if tokens[start].lower in {"an", "one"}:
        return True
    following = tokens[noun + 1 : noun + 3]
    if len(following) == 2 and following[0].text == "," and following[1].text[:1].isupper():
        return True
    return bool(following) and following[0].lower in {"was", "is", "has"}


def _perp_clause(tokens: list[Token], start: int, noun: int) -> str | None:
    earlier = {t.lower for t in tokens[max(0, start - 3) : start]}
    if acts(tokens, noun) or by_agent(tokens, start):
        return "offence"
    if earlier & ACCUSED_BEFORE:
        return "accused"
    after = next_words(tokens, noun, 8)
    if ACCUSED_AFTER & set(after):
        return "accused"  # "a lecturer ... was booked for harassing"
    if any(ARREST_WORDS.match(w) for w in earlier) or any(ARREST_WORDS.match(w) for w in after[:6]):
        return "arrest"
    if tokens[noun].lower in {"suspect", "accused", "killer", "rapist", "culprit", "suspects"}:
        return "mention"
    if tokens[noun].lower in _AGENT_CHILD:
        return "mention"
    return None
