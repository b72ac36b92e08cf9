"""An incident's fields from the accounts of all its sources, by the research note's merge rule:
the most precise place, the earliest offence date, the most advanced police action, the value
most sources give for counts, ages, offence and relation. Fields the sources state differently
are listed, for the reviewer. And whether a later article is a follow-up (an arrest, a remand, a
verdict) rather than one more report of the event."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from nigraan.media.extract.fields import OFFENCES, POLICE_ORDER

PLACE_FIELDS = ("city", "district", "province", "district_code", "geo_precision")
COMPARED = ("offence", "victims", "victim_ages", "district_code", "date_of_incident")
# A disagreement on these, or a place known only to the province, asks for a reviewer.
REVIEW_WHEN_DISAGREE = {"offence", "victims", "district_code"}
POLICE_RANK = {state: rank for rank, state in enumerate((*POLICE_ORDER, "unknown"))}

# What makes a later article a follow-up, most decisive first; read in its title and lead.
DEVELOPMENTS = (
    (
        "verdict",
        r"\b(?:sentenced|convicted|acquitted|verdict|death sentence|life imprisonment|"
        r"awarded (?:death|life))\b|سزائے موت|عمر قید|سزا سنا|بری کر",
    ),
    ("bail", r"\bbail\b|ضمانت"),
    ("remand", r"\bremand(?:ed)?\b|ریمانڈ"),
    ("charge", r"\b(?:indicted|charge ?sheet|challan|charges? framed)\b|فرد جرم|چالان"),
    ("court", r"\b(?:court|hearing|judge)\b|عدالت"),
    (
        "arrest",
        r"\b(?:arrest(?:ed|s)?|held|nabbed|apprehended|taken into custody|rounded up)\b|گرفتار",
    ),
)
_DEVELOPMENT_PATTERNS = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in DEVELOPMENTS]
LEAD_CHARACTERS = 600


def _most_common(values: Sequence[Any]) -> Any:
    """The value most sources give; on a tie, the one given first."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(value for value in values if counts[value] == best)


def _offence(values: list[str]) -> str:
    """The offence most sources name; on a tie, the more serious by the guide's precedence."""
    if not values:
        return ""
    counts = Counter(values)
    best = max(counts.values())
    tied = [value for value in counts if counts[value] == best]
    return min(tied, key=lambda value: OFFENCES.index(value) if value in OFFENCES else 99)


def _place(accounts: list[dict[str, Any]]) -> dict[str, Any]:
    placed = [a for a in accounts if a.get("province") or a.get("district") or a.get("city")]
    if not placed:
        return dict.fromkeys(PLACE_FIELDS)
    most_precise = min(a.get("geo_precision") or 9 for a in placed)
    candidates = [a for a in placed if (a.get("geo_precision") or 9) == most_precise]
    keys = [tuple(a.get(name) for name in PLACE_FIELDS) for a in candidates]
    return dict(zip(PLACE_FIELDS, _most_common(keys), strict=True))


def _date(accounts: list[dict[str, Any]]) -> tuple[str | None, int | None]:
    dated = [a for a in accounts if a.get("date_of_incident")]
    if not dated:
        return None, None
    earliest = min(dated, key=lambda a: a["date_of_incident"])
    return earliest["date_of_incident"], earliest.get("time_precision")


def disagreements(accounts: list[dict[str, Any]]) -> list[str]:
    """The compared fields that two sources state with different values (unstated ones aside)."""
    found = []
    for name in COMPARED:
        stated = {repr(a.get(name)) for a in accounts if a.get(name) not in (None, "", [])}
        if len(stated) > 1:
            found.append(name)
    return found


def merged_fields(accounts: list[dict[str, Any]]) -> dict[str, Any]:
    """The incident's fields from its sources' accounts (the extractor's incident records)."""
    if not accounts:
        raise ValueError("an incident has at least one source")
    day, time_precision = _date(accounts)
    ages = _most_common([tuple(a["victim_ages"]) for a in accounts if a.get("victim_ages")])
    genders = _most_common(
        [tuple(a["victim_genders"]) for a in accounts if a.get("victim_genders")]
    )
    relations = [a["perpetrator_relation"] for a in accounts]
    known_relations = [r for r in relations if r and r != "unknown"]
    police = [a.get("police_action") or "unknown" for a in accounts]
    return {
        "offence": _offence([a["offence"] for a in accounts if a.get("offence")]),
        "victims": _most_common([a["victims"] for a in accounts if a.get("victims")]),
        "victim_ages": list(ages or ()),
        "victim_genders": list(genders or ()),
        **_place(accounts),
        "date_of_incident": dt.date.fromisoformat(day) if day else None,
        "time_precision": time_precision,
        "perpetrator_relation": _most_common(known_relations) or "unknown",
        "perpetrators_count": _most_common(
            [a["perpetrators_count"] for a in accounts if a.get("perpetrators_count")]
        ),
        "police_action": min(police, key=lambda state: POLICE_RANK.get(state, 99)),
        "disagreements": disagreements(accounts),
    }


def needs_review(fields: dict[str, Any]) -> bool:
    """Sources that disagree on what, whom or where, or a place known only to the province (or
    not at all): a person should look before the incident is counted (research note §4.6)."""
    if REVIEW_WHEN_DISAGREE & set(fields["disagreements"]):
        return True
    return not fields.get("district_code") and (fields.get("geo_precision") or 3) >= 3


def development(title: str, text: str) -> str:
    """The development a later article reports, from its title and lead: verdict, bail, remand,
    charge, court, arrest, or "" for none."""
    lead = f"{title}\n{text[:LEAD_CHARACTERS]}"
    for name, pattern in _DEVELOPMENT_PATTERNS:
        if pattern.search(lead):
            return name
    return ""


def is_follow_up(
    reported_on: dt.date | None,
    first_reported_on: dt.date | None,
    found_development: str,
    police_action: str,
    incident_police_action: str,
) -> bool:
    """A later article (a day or more after the first report) that reports a development, or a
    police action further on than the incident had."""
    if not reported_on or not first_reported_on or reported_on <= first_reported_on:
        return False
    further = POLICE_RANK.get(police_action, 99) < POLICE_RANK.get(incident_police_action, 99)
    return bool(found_development) or further
