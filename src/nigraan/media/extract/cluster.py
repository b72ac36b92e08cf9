"""Group the incidents of many articles that report the same event.

Two incidents are candidates only when nothing they state conflicts: the district (or province),
the victims' ages, genders and number, and dates of the offence more than ten days apart. A
candidate pair is linked on the weight of what agrees: the district, the offence, the ages, the
numbers, the relation, the names both articles carry (people, police stations, villages), and
publication dates close together. Articles far apart in time must share names (a verdict months
later names the accused). Linked incidents form a cluster (connected components).

As the research notes say, geocoding is what limits this: an incident with no place only joins
one that shares names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

LINK_SCORE = 5.0
NEAR_DAYS = 21
FAR_DAYS = 120
NAME_WEIGHT = 4.0
FAR_NAME_OVERLAP = 0.2
DATE_WINDOW_DAYS = 10


@dataclass(frozen=True)
class IncidentKey:
    """One incident of one article, with what grouping needs beside its fields."""

    article_id: str
    index: int
    fields: dict[str, Any]
    names: frozenset[str]
    seen: dt.date | None


def _conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    for key in ("district_code", "province"):
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return True
    if a["victim_ages"] and b["victim_ages"] and not set(a["victim_ages"]) & set(b["victim_ages"]):
        return True
    if a["victims"] and b["victims"] and a["victims"] != b["victims"]:
        return True
    genders = {g for g in a["victim_genders"] + b["victim_genders"] if g != "unknown"}
    if len(genders) > 1 and a["victims"] == b["victims"] == 1:
        return True
    if a["date_of_incident"] and b["date_of_incident"]:
        gap = dt.date.fromisoformat(a["date_of_incident"]) - dt.date.fromisoformat(
            b["date_of_incident"]
        )
        return abs(gap.days) > DATE_WINDOW_DAYS
    return False


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_score(a: IncidentKey, b: IncidentKey) -> float:
    """How strongly two incidents look like one event (0 when something conflicts)."""
    x, y = a.fields, b.fields
    if _conflict(x, y):
        return 0.0
    names = _overlap(a.names, b.names)
    gap = abs((a.seen - b.seen).days) if a.seen and b.seen else None
    if gap is not None and gap > FAR_DAYS and names < FAR_NAME_OVERLAP:
        return 0.0
    score = NAME_WEIGHT * names
    same_place = (x["district_code"] and x["district_code"] == y["district_code"]) or (
        x["city"] and x["city"] == y["city"]
    )
    score += 2.0 if same_place else 0.0
    for key in ("offence", "victims", "perpetrators_count"):
        score += 1.0 if x[key] is not None and x[key] == y[key] else 0.0
    score += 1.0 if x["victim_ages"] and x["victim_ages"] == y["victim_ages"] else 0.0
    relation = x["perpetrator_relation"]
    score += 1.0 if relation != "unknown" and relation == y["perpetrator_relation"] else 0.0
    score += 1.0 if gap is not None and gap <= NEAR_DAYS else 0.0
    return score


def _block(key: IncidentKey) -> str:
    """Only incidents in the same province (or with none) are compared."""
    return key.fields.get("province") or "?"


class _Groups:
    """Union-find over (article id, incident index)."""

    def __init__(self, keys: list[IncidentKey]) -> None:
        self.parent = {(k.article_id, k.index): (k.article_id, k.index) for k in keys}

    def root(self, node: tuple[str, int]) -> tuple[str, int]:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def link_if_same(self, a: IncidentKey, b: IncidentKey) -> None:
        if a.article_id != b.article_id and pair_score(a, b) >= LINK_SCORE:
            self.parent[self.root((a.article_id, a.index))] = self.root((b.article_id, b.index))


def cluster(keys: list[IncidentKey]) -> dict[tuple[str, int], str]:
    """A cluster id for every incident that shares its event with another article's."""
    groups = _Groups(keys)
    blocks: dict[str, list[IncidentKey]] = defaultdict(list)
    for key in keys:
        blocks[_block(key)].append(key)
    unplaced = blocks.pop("?", [])
    for members in blocks.values():
        for a, b in combinations(members + unplaced, 2):
            groups.link_if_same(a, b)
    for a, b in combinations(unplaced, 2):
        groups.link_if_same(a, b)
    members_of: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for node in groups.parent:
        members_of[groups.root(node)].append(node)
    ids: dict[tuple[str, int], str] = {}
    for nodes in members_of.values():
        if len(nodes) > 1:
            first = min(nodes)
            for node in nodes:
                ids[node] = f"{first[0]}.{first[1] + 1}"
    return ids
