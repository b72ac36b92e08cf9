"""The filters of "All cases" and the counts of the province summary, defined once.

Each flag filter is one ``Q`` on ``Case``; the summary counts cases per district with the same
``Q``s (one aggregate query, no loop over cases), so a count and the list it links to always
agree. Every query starts from ``visible_cases``: nothing here widens what a person may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nigraan.accounts.models import Staff
from nigraan.cases.models import Case
from nigraan.cases.selectors import visible_cases
from nigraan.cases.vocabulary import Stage
from nigraan.geo.models import District
from nigraan.ledger.models import Event
from nigraan.web.work_queries import areas_of, districts_visible_to

# How long the summary's counts are kept when nothing changes (overdue moves with the clock).
SUMMARY_CACHE_SECONDS = 60

# The district filter's value for cases not yet placed in a district.
NO_DISTRICT = "NONE"

# name → (what it means, the Q given the time now). Order is the summary's column order. Each
# reads the case row only: "overdue", "escalated" and "released" its list columns
# (cases.list_columns: from its deadline rows and accused list, compared by the projection check).
FLAGS: dict[str, tuple[Any, Callable[[dt.datetime], Q]]] = {
    "open": (_("Still open"), lambda now: Q(is_open=True)),
    "overdue": (_("Overdue"), lambda now: Q(is_open=True, next_due_at__lte=now)),
    "escalated": (_("Escalated"), lambda now: Q(is_open=True, escalated=True)),
    "unowned": (_("Unowned"), lambda now: Q(is_open=True, owner__isnull=True)),
    "flagged": (_("Flagged for oversight"), lambda now: Q(flagged_for_oversight=True)),
    "no_fir": (_("Closed without an FIR"), lambda now: Q(is_open=False, had_fir=False)),
    "released": (_("Accused released"), lambda now: Q(accused_released=True)),
}


@dataclass
class CaseFilters:
    """What "All cases" was asked to show (its GET parameters)."""

    ref: str = ""
    stage: str = ""
    district: str = ""
    owner: str = ""
    flags: set[str] = field(default_factory=set)

    @classmethod
    def from_query(cls, params: QueryDict) -> CaseFilters:
        stage = params.get("stage", "")
        return cls(
            ref=params.get("ref", "")[:32].strip(),
            stage=stage if stage in Stage.values else "",
            district=params.get("district", "")[:16].strip().upper(),
            owner=params.get("owner", "")[:150].strip(),
            flags={name for name in FLAGS if params.get(name) == "1"},
        )

    def apply(self, staff: Staff, now: dt.datetime) -> QuerySet[Case]:
        district = "" if self.district == NO_DISTRICT else self.district
        cases = visible_cases(staff, stage=self.stage, district=district, ref=self.ref)
        if self.district == NO_DISTRICT:
            cases = cases.filter(district__isnull=True)
        if self.owner:
            cases = cases.filter(owner__username=self.owner)
        for name in sorted(self.flags):
            cases = cases.filter(FLAGS[name][1](now))
        return cases

    def query(self) -> str:
        """The filters as a query string (without the page), for links that keep them."""
        pairs = [
            (key, value)
            for key, value in (
                ("ref", self.ref),
                ("stage", self.stage),
                ("district", self.district),
                ("owner", self.owner),
            )
            if value
        ]
        pairs += [(name, "1") for name in FLAGS if name in self.flags]
        return urlencode(pairs)

    @property
    def any(self) -> bool:
        return bool(self.ref or self.stage or self.district or self.owner or self.flags)


def page_of(cases: QuerySet[Case], size: int, number: str | None) -> Page:
    """One page of ``cases`` (the Paginator's, its count and numbering unchanged), found in two
    steps: the page's ids from the index alone, skipping the pages before it there, then only
    those cases' rows. Deep pages (page 50 skips 1,225 cases) no longer read and join every
    skipped case's row."""
    page: Page = Paginator(cases.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    rows = {case.pk: case for case in cases.filter(pk__in=ids).defer("district__boundary")}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


@dataclass
class DistrictRow:
    code: str
    name_en: str
    name_ur: str
    counts: list[tuple[str, int]]  # (flag name, count) in FLAGS order


def _counts(row: dict[str, Any]) -> list[tuple[str, int]]:
    return [(name, row.get(name, 0)) for name in FLAGS]


def summary_query(staff: Staff, now: dt.datetime) -> QuerySet[Case, dict[str, Any]]:
    """The summary's one aggregate query: per district, the count of each of ``FLAGS``."""
    # Counted over ``is_open`` (never null, and in the index), not the id (not in it).
    aggregates = {name: Count("is_open", filter=f(now)) for name, (_label, f) in FLAGS.items()}
    return (
        # Grouped by the district's code alone, unordered: no join to the districts and no sort
        # of every case by their names (the names come from the districts, afterwards). Every
        # column it reads is in the index ``case_summary`` (province, district, then the flags'
        # columns): the count reads that index alone, never a deadline row or the accused list.
        visible_cases(staff).order_by().values("district_id").annotate(**aggregates).order_by()
    )


def summary(staff: Staff, now: dt.datetime) -> list[DistrictRow]:
    """``summary_counted``, kept for a minute unless something changed (``summary_cache_key``):
    the aggregate reads one index entry per case of the person's area (73 ms for a province's
    244,215 cases at a million), the cached answer one query (docs/performance.md)."""
    key = summary_cache_key(staff, now)
    rows = cache.get(key)
    if rows is None:
        rows = summary_counted(staff, now)
        cache.set(key, rows, SUMMARY_CACHE_SECONDS)
    return rows


def summary_cache_key(staff: Staff, now: dt.datetime) -> str:
    """What the summary's counts depend on: who asks (role and areas: a changed jurisdiction is
    a new key), the newest ledger event (every change to a case appends one, in the same
    transaction as its projection rows) and the minute (overdue depends on the time alone).
    The counts are always computed from the checked projection rows, never stored beside them."""
    newest = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    areas = ",".join(f"{level}:{code}" for level, code in sorted(areas_of(staff)))
    minute = now.strftime("%Y%m%d%H%M")
    return f"nigraan:summary:{staff.pk}:{staff.role}:{areas}:{newest}:{minute}"


def summary_counted(staff: Staff, now: dt.datetime) -> list[DistrictRow]:
    """Per district this person may see (those with no case too; cases with no district last,
    as ``NO_DISTRICT``), how many visible cases meet each of ``FLAGS``: one aggregate query."""
    rows = summary_query(staff, now)
    counted = {row["district_id"] or NO_DISTRICT: row for row in rows}
    out = [
        DistrictRow(
            code=district.code,
            name_en=district.name_en,
            name_ur=district.name_ur,
            counts=_counts(counted.pop(district.code, {})),
        )
        for district in districts_visible_to(staff)
    ]
    others = District.objects.in_bulk(list(counted))
    for code, row in sorted(counted.items()):  # no district, or one outside the person's areas
        other = others.get(code)
        names = (other.name_en, other.name_ur) if other else ("", "")
        out.append(DistrictRow(code, *names, counts=_counts(row)))
    return out
