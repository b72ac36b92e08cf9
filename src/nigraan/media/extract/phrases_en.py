"""Reading an English noun phrase: where it starts, its number and age, and whether it did the
act ("a man raped") or had it done to it ("a girl was raped")."""

from __future__ import annotations

import re

from nigraan.media.extract import lexicon_en as lex
from nigraan.media.extract.calendar import parse_number
from nigraan.media.extract.tokens import Token
from nigraan.media.extract.words import words

STOP_BACK = words(
    "by with to from for and or was were is are had has have been be that who which when "
    "where after before in on at of as into against while said told than but"
)
DETERMINERS = words("a an the his her their its this one another")
OFFENCE_WORDS = re.compile(
    r"^(?:rap(?:e|ed|ing)|gang-rap\w*|abduct\w*|kidnap\w*|sodomi[sz]\w*|molest\w*|assault\w*|"
    r"abus\w*|murder\w*|kill\w*|harass\w*|strangl\w*|married|marrying|marriage|"
    r"sexually|filmed|blackmail\w*|lured|picked|captive|attempt\w*|arranged|solemni[sz]ed)$"
)
# Verbs that end in neither -ed nor -ing: when one comes first, the phrase did something else.
OTHER_VERBS = words(
    "told said says tells took went made gave found saw came left brought sent got kept met heard "
    "knew thought ran fled sat stood paid"
)
ADVERBS = words("allegedly reportedly brutally repeatedly forcibly also then had later accused")
PASSIVE = words("was were been being is are got")
ARREST_WORDS = re.compile(
    r"^(?:arrest\w*|nabbed|apprehend\w*|held|detained|custody|rounded|caught|remanded)$"
)
ACCUSED_BEFORE = words(
    "against charged accused nominated booked implicated convicted sentenced jailed jails"
)
ACCUSED_AFTER = words("booked charged convicted sentenced nominated indicted")
MARRY = words("married marry marrying wed wedded engaged")
AGE_TOKEN = re.compile(r"^(?P<n>[\w-]+?)-year-old$")
OBJECT_ONLY = words("mother wife widow nurse housewife worker lady")
RANGE_WORDS = words("to or -")
ADJECTIVAL = words("minor minors child teen school baby")
NOUNS = lex.VICTIM_NOUNS | lex.PERPETRATOR_NOUNS
VICTIM_WORDS = lex.VICTIM_NOUNS | words("mother wife widow nurse housewife worker lady")
QUANTIFIERS = ("at least", "more than", "as many as", "around", "about", "over", "nearly")


def age_of(tokens: list[Token], index: int) -> tuple[int | None, bool]:
    """(age, is a range) for an 'N-year-old' token."""
    match = AGE_TOKEN.match(tokens[index].lower)
    if not match:
        return None, False
    number = match["n"]
    if number == "half" and index >= 3 and tokens[index - 2].lower == "a":
        return parse_number(tokens[index - 3].lower), False
    parts = number.split("-")
    if len(parts) == 2 and parse_number(parts[0]) and parse_number(parts[1]):
        return None, True
    return parse_number(number), False


def phrase_start(tokens: list[Token], noun: int) -> int:
    """Where the noun phrase ending at ``noun`` begins: back over adjectives, an age, a number
    (and 'at least' before it) or a determiner, never over a verb or another noun."""
    start = noun
    for j in range(noun - 1, max(-1, noun - 7), -1):
        word = tokens[j]
        lower = word.lower
        adjective_and = (
            lower == "and"
            and j > 0
            and tokens[j - 1].lower not in NOUNS
            and parse_number(tokens[j - 1].lower) is None
            and not tokens[j - 1].is_punct
        )
        if word.is_punct or (lower in STOP_BACK and not adjective_and):
            break
        if lower in NOUNS and lower not in ADJECTIVAL:
            break
        if OFFENCE_WORDS.match(lower):
            if j > 0 and tokens[j - 1].lower in {"a", "an", "the"}:
                start = j - 1  # "an abducted teenage girl"
            break
        start = j
        if lower in DETERMINERS or (parse_number(lower) is not None and not AGE_TOKEN.match(lower)):
            break
    before = " ".join(t.lower for t in tokens[max(0, start - 2) : start])
    if any(before.endswith(q) for q in QUANTIFIERS):
        start -= len(next(q for q in QUANTIFIERS if before.endswith(q)).split())
    return start


def stated_count(tokens: list[Token], start: int, noun: int) -> tuple[int | None, bool]:
    """(stated number, whether it is a range like 'six to eight')."""
    for j in range(start, noun):
        word = tokens[j].lower
        if AGE_TOKEN.match(word):
            continue
        number = parse_number(word)
        if number is not None and word not in {"a", "an"}:
            range_before = (
                start >= 2
                and tokens[start - 1].lower in RANGE_WORDS
                and parse_number(tokens[start - 2].lower) is not None
            )
            return number, range_before
    return None, False


def next_words(tokens: list[Token], index: int, limit: int) -> list[str]:
    """Following words, skipping commas, adverbs and capitalised names (an apposition)."""
    words: list[str] = []
    for token in tokens[index + 1 :]:
        if token.text in {",", "(", ")"} or token.lower in ADVERBS:
            continue
        if token.is_punct:
            break
        if token.text[:1].isupper() and not words:
            continue
        words.append(token.lower)
        if len(words) >= limit:
            break
    return words


CLAUSE_BREAK = words("was were is are by after when while")
PREPOSITIONS = words(
    "in on at for over from to of into near during with along against under through "
    "inside outside behind about since until"
)


def acts(tokens: list[Token], noun: int) -> bool:
    """The noun phrase does the offence ('a man raped', 'teachers who sexually assaulted',
    'two robbers on the motorway had gang-raped', 'parents of a five-year-old girl married her
    off'); after a prepositional phrase only a verb counts ('suspect in the gang-rape case' is
    not)."""
    after = next_words(tokens, noun, 8)
    if after[:1] and after[0] in PASSIVE:
        return False
    if (
        noun + 1 < len(tokens)
        and tokens[noun + 1].text == ","
        and after[:1]
        and (after[0].endswith("ed"))
    ):
        return False  # "the girl, gang-raped in a guesthouse, ...": a participle, not an act
    crossed = False
    for position, word in enumerate(after[:7]):
        if word in CLAUSE_BREAK:
            return False
        crossed = crossed or word in PREPOSITIONS
        if word == "took" and "away" in after[position + 1 : position + 5]:
            return True  # "two men took the boy away"
        if (word.endswith("ed") and not OFFENCE_WORDS.match(word)) or word in OTHER_VERBS:
            return False  # the phrase's own verb is another one ("an official corroborated")
        if OFFENCE_WORDS.match(word):
            if crossed and not word.endswith(("ed", "ing")):
                return False
            return after[position + 1 : position + 2] != ["by"]
    return False


def by_agent(tokens: list[Token], start: int) -> bool:
    """'raped by five persons', 'picked up by an unidentified assailant'."""
    if start == 0 or tokens[start - 1].lower != "by":
        return start >= 4 and " ".join(t.lower for t in tokens[start - 4 : start]).endswith(
            "at the hands of"
        )
    before = tokens[max(0, start - 9) : start - 1]
    return any(OFFENCE_WORDS.match(t.lower) for t in before)


def passive_offence(words: list[str]) -> bool:
    """'... were allegedly raped', '... at a seminary were raped', '... had been abducted'."""
    for position, word in enumerate(words):
        if word in PASSIVE:
            following = [w for w in words[position + 1 : position + 3] if w not in {"been"}]
            return bool(following) and bool(OFFENCE_WORDS.match(following[0]))
        if OFFENCE_WORDS.match(word) or word in {"and", "who", "which"}:
            return False
    return False
