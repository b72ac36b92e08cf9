"""Live figures: reports received so far this month, for Pakistan and each province only, rounded.

Not a release: nothing here is stored, hashed or protected by complementary suppression, so it is
kept coarse instead (docs/figures.md, "Live figures"):

* national and province level only (never a district, never a breakdown);
* a count of 0 is 0, 1 to 9 reads "fewer than 10", anything else is rounded to the nearest 10
  (half up): no count is ever exact;
* counted up to the start of the current window of ``NIGRAAN_FIGURES_LIVE_MINUTES`` (default 60),
  not up to the second: everyone sees the same figures for the whole window, whichever server
  answers, and a page reloaded every second shows no report arriving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from nigraan import clock
from nigraan.cases.models import Case
from nigraan.geo.models import Province

ROUND_TO = 10
ROOT = "PK"


@dataclass(frozen=True)
class LiveCount:
    """A rounded count: ``value`` when it is shown as a number, else ``None`` (1 to 9)."""

    value: int | None

    @property
    def fewer_than(self) -> int:
        return ROUND_TO


@dataclass(frozen=True)
class LiveFigures:
    month: str  # YYYY-MM, in the project's time zone
    as_of: dt.datetime  # the window's start (UTC): cases opened before it are counted
    reports: dict[str, LiveCount]  # "PK" and province codes


def rounded(count: int) -> LiveCount:
    if count == 0:
        return LiveCount(0)
    if count < ROUND_TO:
        return LiveCount(None)
    return LiveCount((count + ROUND_TO // 2) // ROUND_TO * ROUND_TO)


def window_start(now: dt.datetime) -> dt.datetime:
    minutes = max(1, int(settings.NIGRAAN_FIGURES_LIVE_MINUTES))
    epoch = int(now.timestamp()) // 60
    return dt.datetime.fromtimestamp((epoch - epoch % minutes) * 60, dt.UTC)


def _count(month_start: dt.datetime, as_of: dt.datetime) -> LiveFigures:
    """One count per province (and one for cases with none), each a range of the index on
    (province, opened_at): no scan of all cases, however many there are."""
    opened = Case.objects.filter(opened_at__gte=month_start, opened_at__lt=as_of)
    codes = list(Province.objects.order_by("code").values_list("code", flat=True))
    by_province = {code: opened.filter(province_id=code).count() for code in codes}
    unplaced = opened.filter(province__isnull=True).count()
    reports = {ROOT: rounded(sum(by_province.values()) + unplaced)}
    reports.update({code: rounded(n) for code, n in by_province.items()})
    local = month_start.astimezone(ZoneInfo(settings.TIME_ZONE))
    return LiveFigures(f"{local:%Y-%m}", as_of, reports)


_KEPT: dict[dt.datetime, LiveFigures] = {}


def forget_live_figures() -> None:
    """Count again at the next request (tests, after writing cases)."""
    _KEPT.clear()


def live_figures() -> LiveFigures:
    """This month's live figures as of the current window's start, counted once per window."""
    as_of = window_start(clock.now())
    found = _KEPT.get(as_of)
    if found is None:
        local = as_of.astimezone(ZoneInfo(settings.TIME_ZONE))
        month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        found = _count(month_start.astimezone(dt.UTC), as_of)
        _KEPT.clear()
        _KEPT[as_of] = found
    return found
