"""One incident's fields from its sentences, by the labelling guide's rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from nigraan.media.extract import facts as f
from nigraan.media.extract.incidents import IncidentSpan

MAX_LISTED_VICTIMS = 20
# The guide's offence precedence, most serious first.
OFFENCES = (
    "murder_after_sexual_assault",
    "gang_rape",
    "rape",
    "sodomy",
    "attempted_rape",
    "pornography_blackmail",
    "sexual_assault",
    "harassment",
    "abduction",
    "child_marriage",
)
POLICE_ORDER = (f.ARRESTED, f.FIR, f.REFUSED, f.NOT_REPORTED)


def _primary_victim(span: IncidentSpan) -> f.VictimRef | None:
    """The victim the incident is about: a counted core victim in the reporting sentences, else
    the first core victim, else the first victim named."""
    anchor_refs = [v for a in span.anchors for v in a.victims]
    counted = [v for v in anchor_refs if v.core and v.count is not None and v.count > 1]
    core = [v for v in anchor_refs if v.core]
    every = [v for s in span.sentences for v in s.victims]
    for group in (counted, core, anchor_refs, every):
        if group:
            return group[0]
    return None


def victims(span: IncidentSpan) -> tuple[int | None, list[int], list[str]]:
    """(victims, victim_ages, victim_genders)."""
    primary = _primary_victim(span)
    count = primary.count if primary else None
    if count is not None and count > 300:
        count = None
    anchor_refs = [v for a in span.anchors for v in a.victims]
    every = [v for s in span.sentences for v in s.victims]
    ages: list[int] = []
    if primary is not None and not primary.age_range:
        if count == 1:
            found = [v.age for v in (primary, *anchor_refs, *every) if v.age and not v.age_range]
            ages = found[:1]
        elif count and primary.age:
            ages = [primary.age] * count
        elif count:
            ages = sorted({v.age for v in anchor_refs if v.age and not v.age_range})
    known = [v.gender for v in (primary, *anchor_refs, *every) if v and v.gender != "unknown"]
    if count is not None and count <= MAX_LISTED_VICTIMS:
        if primary and primary.gender != "unknown":
            gender = primary.gender
        elif count == 1 and known:
            gender = known[0]
        elif count > 1:
            same = [v.gender for v in (*anchor_refs, *every) if v.count == count]
            gender = next((g for g in same if g != "unknown"), "unknown")
        else:
            gender = known[0] if known else "unknown"
        return count, ages, [gender] * count
    genders = sorted(set(known)) or ["unknown"]
    return count, ages, genders


def offence(span: IncidentSpan, count: int | None, genders: list[str]) -> str:
    anchors = span.anchors
    cues = set().union(*(a.cues for a in anchors)) if anchors else set()
    murder = f.MURDER in cues or any(
        f.MURDER in s.cues and (s.victims or f.CHILD in s.cues) for s in span.sentences
    )
    sexual = bool(cues & f.SEXUAL_CUES)
    ring = (
        f.PORNOGRAPHY in cues
        and f.BLACKMAIL in cues
        and (count is None or count > 1 or f.RING in cues)
    )
    male = bool(genders) and all(g == "male" for g in genders)
    completed = bool(cues & {f.RAPE, f.GANG, f.SODOMY})
    if murder and sexual:
        return "murder_after_sexual_assault"
    if ring:
        return "pornography_blackmail"
    if f.GANG in cues or (completed and count == 1 and _offence_party(span) >= 2):
        return "gang_rape"
    if completed:
        return "sodomy" if f.SODOMY in cues or male else "rape"
    if f.ATTEMPT in cues:
        return "attempted_rape"
    if f.PORNOGRAPHY in cues and f.BLACKMAIL in cues:
        return "pornography_blackmail"
    for cue, name in (
        (f.SEXUAL_ASSAULT, "sexual_assault"),
        (f.HARASSMENT, "harassment"),
        (f.ABDUCTION, "abduction"),
        (f.CHILD_MARRIAGE, "child_marriage"),
    ):
        if cue in cues:
            return name
    return "sexual_assault"


def _offence_party(span: IncidentSpan) -> int:
    """How many did it, when the reporting sentences say 'raped by five persons'."""
    for anchor in span.anchors:
        for ref in anchor.perps:
            if ref.clause == "offence" and ref.count:
                return ref.count
    return 0


def perpetrators(span: IncidentSpan, offence_name: str) -> tuple[str, int | None]:
    """(perpetrator_relation, perpetrators_count). A marriage has many parties (parents, groom,
    the nikah khwan): for a child marriage only a number the text states is taken."""
    # A headline made from a URL is too clipped to count people in ("key criminal ... staffer"):
    # only a number it states is used.
    refs = [
        p
        for s in span.sentences
        for p in s.perps
        if not p.on_suspicion and (not s.sentence.is_title or (p.count or 0) > 1)
    ]
    offence_refs = [p for p in refs if p.clause == "offence"]
    stated = [n for s in span.sentences for n in s.perp_counts]
    relations = [r for s in span.sentences for r in s.relations]
    title_refs = [p for s in span.sentences if s.sentence.is_title for p in s.perps]
    others = [p for p in refs if p.relation != "police_or_official"]  # "action against officials"
    ordered = (
        [p.relation for p in offence_refs]
        + relations
        + [p.relation for p in title_refs]
        + [p.relation for p in others if p.clause in {"accused", "arrest"}]
        + [p.relation for p in others if p.clause == "mention"]
    )
    named = [r for r in ordered if r]
    relation = next((r for r in named if r != "unknown"), "unknown")
    if offence_name == "child_marriage":
        numbered = [p.count for p in refs if p.count and p.count > 1]
        counts = stated or numbered
        return relation, counts[0] if counts else None
    return relation, _count(refs, offence_refs, stated)


def _count(refs: list[f.PerpRef], offence_refs: list[f.PerpRef], stated: list[int]) -> int | None:
    def numbered(clauses: set[str]) -> list[int]:
        return [p.count for p in refs if p.clause in clauses and p.count and p.count > 1]

    numbered_offence = numbered({"offence"})
    if numbered_offence:
        return numbered_offence[0]
    if stated:
        return stated[0]
    if numbered({"accused"}):
        return numbered({"accused"})[0]
    indefinite = [p for p in offence_refs if not (p.definite and p.plural)]
    if indefinite:
        return indefinite[0].count
    if numbered({"arrest"}):
        return numbered({"arrest"})[0]
    singular = [p for p in refs if p.count == 1]
    if singular:
        return 1
    return None


def police_action(span: IncidentSpan) -> str:
    found = set().union(*(s.police for s in span.sentences)) if span.sentences else set()
    return next((state for state in POLICE_ORDER if state in found), "unknown")


def date_of_incident(span: IncidentSpan, count: int | None) -> tuple[str | None, int | None]:
    """(YYYY-MM-DD, ACLED time precision: 1 the day is stated, 2 resolved from a weekday or a
    date without a year against the article's date). Serial offences have no single date."""
    if count is not None and count > 1:
        return None, None
    mentions = [d for s in span.anchors for d in s.dates] + [
        d for s in span.sentences for d in s.dates
    ]
    if not mentions:
        return None, None
    best = Counter(m.day for m in mentions).most_common(1)[0][0]
    first = next(m for m in mentions if m.day == best)
    return _iso(first.day), first.precision


def _iso(day: dt.date) -> str:
    return day.isoformat()
