"""Reads for the staff work pages: my cases, overdue deadlines, the district board and the
services directory. Nothing here writes; every query starts from what the person may see
(``cases_visible_to``), so a page can never show a case its reader could not open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet

from nigraan.accounts.models import Jurisdiction, JurisdictionLevel, Staff
from nigraan.accounts.permissions import Action, cases_visible_to, may
from nigraan.cases.models import Case, Deadline, Service
from nigraan.cases.vocabulary import Stage
from nigraan.geo.models import District

# A column of the board shows this many cases; the rest are one click away, a page at a time.
BOARD_COLUMN_CAP = 20


def areas_of(staff: Staff) -> list[tuple[str, str]]:
    """The person's jurisdictions as (level, code) pairs."""
    return list(staff.jurisdictions.values_list("level", "code"))


def _unmet() -> Q:
    """A deadline still running or missed: neither met nor stopped by the case closing."""
    return Q(met_at__isnull=True, stopped=False)


# ---- My cases ---------------------------------------------------------------------------------


def my_open_cases(staff: Staff) -> QuerySet[Case]:
    """Open cases this person owns (and may still see), the most urgent first: the soonest
    unmet deadline leads, cases without a running deadline come last, oldest first among equals.
    Each case carries ``unmet_deadlines`` (soonest first); ``unmet_deadlines[0]`` is the next
    one."""
    return (
        Case.objects.filter(cases_visible_to(staff), owner=staff, is_open=True)
        .select_related("district")
        .annotate(
            next_due=Min(
                "deadlines__due_at",
                filter=Q(deadlines__met_at__isnull=True, deadlines__stopped=False),
            )
        )
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(_unmet()).order_by("due_at", "id"),
                to_attr="unmet_deadlines",
            )
        )
        .order_by(F("next_due").asc(nulls_last=True), "opened_at", "id")
    )


def unmet_deadlines(case: Case) -> list[Deadline]:
    """The unmet deadlines ``my_open_cases`` fetched with ``case``, soonest first. Prefetch puts
    them in the instance's namespace (its ``to_attr``), where the type checker cannot see them."""
    deadlines: list[Deadline] = vars(case)["unmet_deadlines"]
    return deadlines


# ---- Overdue ----------------------------------------------------------------------------------


class OverdueScope(str, Enum):
    MINE = "mine"  # cases I own
    TEAM = "team"  # cases owned by anyone whose area lies within mine (me included)
    DISTRICT = "district"  # every case in my areas, owned or not


def team_members(staff: Staff) -> QuerySet[Staff]:
    """The people whose area lies within this person's: for a district's case worker or
    supervisor, everyone who works in that district; for a provincial officer, everyone in the
    province or its districts; for country-level staff, everyone with an area. It includes the
    person themself. People above (a province's oversight for a district's worker) are not in it."""
    districts: set[str] = set()
    provinces: set[str] = set()
    for level, code in areas_of(staff):
        if level == JurisdictionLevel.COUNTRY:
            return Staff.objects.filter(is_active=True, jurisdictions__isnull=False).distinct()
        if level == JurisdictionLevel.PROVINCE:
            provinces.add(code)
        elif level == JurisdictionLevel.DISTRICT:
            districts.add(code)
    districts |= set(
        District.objects.filter(province_id__in=provinces).values_list("code", flat=True)
    )
    within = Jurisdiction.objects.filter(
        Q(level=JurisdictionLevel.DISTRICT, code__in=districts)
        | Q(level=JurisdictionLevel.PROVINCE, code__in=provinces)
    )
    return Staff.objects.filter(is_active=True, pk__in=within.values("staff_id"))


def overdue(staff: Staff, scope: OverdueScope, now: dt.datetime) -> QuerySet[Deadline]:
    """Missed, unmet deadlines on open cases this person may see, most overdue first."""
    cases = Case.objects.filter(cases_visible_to(staff), is_open=True)
    if scope is OverdueScope.MINE:
        cases = cases.filter(owner=staff)
    elif scope is OverdueScope.TEAM:
        cases = cases.filter(owner__in=team_members(staff).values("pk"))
    return (
        Deadline.objects.filter(_unmet(), case__in=cases.values("pk"), due_at__lte=now)
        .select_related("case", "case__owner", "case__district")
        .order_by("due_at", "id")
    )


# ---- Districts a person may see ----------------------------------------------------------------


def districts_visible_to(staff: Staff) -> QuerySet[District]:
    """The districts whose cases (and services) this person may see, in code order."""
    if not may(staff, Action.VIEW_CASE):
        return District.objects.none()
    query = Q(pk__in=[])
    for level, code in areas_of(staff):
        if level == JurisdictionLevel.COUNTRY:
            return District.objects.all().order_by("code")
        if level == JurisdictionLevel.PROVINCE:
            query |= Q(province_id=code)
        elif level == JurisdictionLevel.DISTRICT:
            query |= Q(code=code)
    return District.objects.filter(query).order_by("code")


def home_district(staff: Staff) -> str:
    """The district a page opens on when none is asked for: the person's first district, or
    else the first district they may see."""
    own = sorted(code for level, code in areas_of(staff) if level == JurisdictionLevel.DISTRICT)
    if own:
        return own[0]
    first = districts_visible_to(staff).values_list("code", flat=True).first()
    return first or ""


def busiest_home_district(staff: Staff) -> str:
    """Where the board opens with nothing chosen: ``home_district`` when it has open cases this
    person may see, else the first of their districts that has any, else ``home_district``."""
    home = home_district(staff)
    with_cases = (
        Case.objects.filter(
            cases_visible_to(staff),
            is_open=True,
            district__in=districts_visible_to(staff).values("code"),
        )
        .order_by("district_id")
        .values_list("district_id", flat=True)
    )
    if home and with_cases.filter(district_id=home).exists():
        return home
    return with_cases.first() or home


# ---- District board -----------------------------------------------------------------------------


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    cases: list[Case] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cases)


def board_cases(staff: Staff, district: str) -> QuerySet[Case]:
    """Open cases of one district that this person may see, oldest first."""
    return (
        Case.objects.filter(cases_visible_to(staff), district_id=district, is_open=True)
        .select_related("owner")
        .order_by("opened_at", "id")
    )


def board(staff: Staff, district: str, *, cap: int | None = None) -> list[BoardColumn]:
    """The district's open cases by stage, in pipeline order (the order of ``Stage``), each
    column holding its ``cap`` oldest cases and the full count. Stage codes no longer in
    ``Stage`` (from older rules) get their own columns at the end, so no case disappears.
    "Closed" has no column: the board shows open cases only."""
    cap = BOARD_COLUMN_CAP if cap is None else cap
    cases = board_cases(staff, district)
    counts = dict(
        cases.order_by().values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    counts.pop(Stage.CLOSED.value, None)  # an open case is never at "closed"
    columns = [
        BoardColumn(stage=stage.value, label=str(stage.label), count=counts.pop(stage.value, 0))
        for stage in Stage
        if stage != Stage.CLOSED
    ]
    columns += [BoardColumn(stage=code, label=code, count=n) for code, n in sorted(counts.items())]
    for column in columns:
        if column.count:
            column.cases = list(cases.filter(stage=column.stage)[:cap])
    return columns


# ---- Services directory -------------------------------------------------------------------------


def services_visible_to(staff: Staff, district: str = "") -> QuerySet[Service]:
    """Services in the districts this person may see (one district when asked), active first."""
    services = Service.objects.filter(district__in=districts_visible_to(staff)).select_related(
        "district"
    )
    if district:
        services = services.filter(district_id=district)
    return services.order_by("district_id", "-active", "kind", "name", "id")
