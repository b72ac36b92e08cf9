"""Is the article an incident report, and which sentences tell which incident.

The guide's rule: an article reports at least one specific incident in Pakistan (a particular
victim or event) of sexual violence, child abduction or child marriage. Statistics, legislation,
opinion, other countries and crimes with no sexual element are not reports. The story must be in
the lead (title and first sentences): a bill named after a victim, or a report that cites one case,
is not a report of that case.

Earlier cases mentioned as background ("the incident comes as...", "following the rape and murder
of...", "in 2011...") are left out, and so is every later sentence that names their people. A
second story on the page (after a section heading, or "In another incident") is its own incident
when it brings in a new victim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nigraan.media.extract import facts as f
from nigraan.media.extract.article import Article

LEAD_SENTENCES = 4
_FOREIGN_DOMAIN = re.compile(r"india|bharat|\.in/|bangla", re.IGNORECASE)
_OPINION_URL = re.compile(
    r"/(?:opinion|opinions|editorial|editorials|columns?|letters?|blogs?|op-?ed)/", re.IGNORECASE
)


@dataclass
class Relevance:
    relevant: bool
    reason: str
    main_anchor: int | None = None  # index of the sentence that reports the main incident


@dataclass
class IncidentSpan:
    """The sentences of one incident; ``anchors`` are the ones that report the offence."""

    sentences: list[f.SentenceFacts] = field(default_factory=list)
    anchors: list[f.SentenceFacts] = field(default_factory=list)
    is_main: bool = False


def is_specific(facts: f.SentenceFacts) -> bool:
    """A particular victim or event, not children in general."""
    if f.STATISTICS in facts.cues:
        return False
    victims = any(v.count is not None and v.count <= 300 or v.age for v in facts.victims)
    perps = any(p.clause in {"offence", "accused", "arrest"} for p in facts.perps)
    ring = f.RING in facts.cues and f.PORNOGRAPHY in facts.cues
    return victims or perps or ring or bool(facts.police & {f.ARRESTED, f.FIR})


def is_anchor(facts: f.SentenceFacts) -> bool:
    return facts.relevant_cue() and is_specific(facts)


def anchors_in(sentences: list[f.SentenceFacts]) -> list[f.SentenceFacts]:
    """The sentences that report an offence: specific ones, and ones that refer back to a
    victim an earlier sentence named ('The postmortem confirmed she had been assaulted')."""
    found = []
    named = False
    for facts in sentences:
        specific = is_specific(facts)
        refers_back = named and f.REFERS_BACK in facts.cues and f.STATISTICS not in facts.cues
        if facts.relevant_cue() and (specific or refers_back):
            found.append(facts)
        named = named or specific
    return found


def _lead(all_facts: list[f.SentenceFacts]) -> list[f.SentenceFacts]:
    lead = [x for x in all_facts if x.sentence.is_title]
    body = [x for x in all_facts if not x.sentence.is_title and not x.sentence.is_heading]
    headings = [x for x in all_facts if x.sentence.is_heading and not x.sentence.in_body]
    return lead + headings[:3] + body[:LEAD_SENTENCES]


def _country(article: Article, all_facts: list[f.SentenceFacts], places: int) -> bool:
    """True when the article is about Pakistan (or says nothing to the contrary)."""
    pakistan = places + sum(f.PAKISTAN in x.cues for x in all_facts)
    foreign = sum(f.FOREIGN in x.cues for x in all_facts)
    if article.url and _FOREIGN_DOMAIN.search(
        article.url.split("/")[2] if "//" in article.url else article.url
    ):
        foreign += 1
    return not (foreign > 0 and foreign > pakistan)


def decide(article: Article, all_facts: list[f.SentenceFacts], places: int) -> Relevance:
    """``places``: how many unambiguous Pakistani place names the article has."""
    if not _country(article, all_facts, places):
        return Relevance(False, "the incident is outside Pakistan")
    if article.url and _OPINION_URL.search(article.url):
        return Relevance(False, "an opinion piece")
    lead = _lead(all_facts)
    if any(f.STATISTICS in x.cues for x in lead[:2]):
        lead = lead[:2]  # a statistics report: only a case in its headline or first line counts
    anchors = [x for x in anchors_in(lead) if f.BACKGROUND not in x.cues]
    if anchors:
        return Relevance(True, "reports a specific incident", anchors[0].sentence.index)
    if any(f.STATISTICS in x.cues for x in lead):
        return Relevance(False, "statistics")
    if any(f.LEGISLATION in x.cues for x in lead):
        return Relevance(False, "legislation or policy")
    if any(x.relevant_cue() for x in lead):
        return Relevance(False, "no particular victim or event")
    return Relevance(False, "no sexual violence, child abduction or child marriage")


def _background(all_facts: list[f.SentenceFacts], main: int) -> set[int]:
    """Sentences about earlier cases: a background marker on a report of an offence, and every
    later sentence naming the people of those cases."""
    main_names = next(x.names for x in all_facts if x.sentence.index == main)
    background: set[int] = set()
    names: set[str] = set()
    for facts in all_facts:
        index = facts.sentence.index
        if index == main or facts.sentence.is_title:
            continue
        marked = f.BACKGROUND in facts.cues and (facts.relevant_cue() or f.MURDER in facts.cues)
        if marked and not (facts.names & main_names and not facts.names - main_names):
            background.add(index)
            names |= facts.names - main_names
        elif (
            facts.names & names
            and (facts.relevant_cue() or f.MURDER in facts.cues)
            or f.STATISTICS in facts.cues
        ):
            background.add(index)
    return background


def _stories(all_facts: list[f.SentenceFacts]) -> list[tuple[list[f.SentenceFacts], str]]:
    """Consecutive runs of sentences, cut at section headings and at 'In another incident'."""
    stories: list[tuple[list[f.SentenceFacts], str]] = [([], "start")]
    for facts in all_facts:
        sentence = facts.sentence
        if sentence.is_heading and sentence.in_body and stories[-1][0]:
            stories.append(([], "heading"))
        elif f.SPLIT in facts.cues and stories[-1][0]:
            stories.append(([], "split"))
        stories[-1][0].append(facts)
    return stories


def _conflict(first: f.VictimRef | None, other: f.VictimRef | None) -> bool:
    if first is None or other is None:
        return False
    if first.age and other.age and first.age != other.age:
        return True
    if (first.teen and other.age and other.age < 13) or (
        other.teen and first.age and first.age < 13
    ):
        return True
    return "unknown" not in {first.gender, other.gender} and first.gender != other.gender


def _victim(anchors: list[f.SentenceFacts]) -> f.VictimRef | None:
    refs = [v for a in anchors for v in a.victims]
    core = [v for v in refs if v.core]
    chosen = core or refs
    return chosen[0] if chosen else None


def split_incidents(all_facts: list[f.SentenceFacts], main: int) -> list[IncidentSpan]:
    background = _background(all_facts, main)
    usable = [x for x in all_facts if x.sentence.index not in background]
    incidents: list[IncidentSpan] = []
    for sentences, how in _stories(usable):
        anchors = anchors_in(sentences)
        if not incidents:
            incidents.append(IncidentSpan(sentences, anchors, is_main=True))
            continue
        main_span = incidents[0]
        introduced = [v for x in sentences for v in x.victims]
        new_victim = introduced[0] if introduced else None
        separate = bool(anchors) and (
            how == "split"
            or any(v.indefinite for v in introduced[:2])
            or _conflict(_victim(main_span.anchors), new_victim)
        )
        if separate:
            incidents.append(IncidentSpan(sentences, anchors))
        else:
            incidents[-1].sentences.extend(sentences)
            incidents[-1].anchors.extend(anchors)
    if incidents and not incidents[0].anchors:
        # the lead's anchor sits in the title or a heading that was cut into another story
        incidents[0].anchors = [x for x in all_facts if x.sentence.index == main]
    return [span for span in incidents if span.anchors]
