"""A regular expression that matches exactly the ISO dates (YYYY-MM-DD) from one day to another.

JSON Schema has no "not after today" keyword, so the report model states the accepted dates of
``when_date`` as a pattern made here from the same bounds its validator uses; a partner's
OpenAPI tooling then generates and checks dates exactly as the server accepts them. The pattern
uses only syntax that means the same in ECMA-262, Python and Rust regular expressions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache


def _alternatives(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "(?:" + "|".join(values) + ")"


def _number_range(low: int, high: int, width: int) -> str:
    """Zero-padded whole numbers low..high, each exactly ``width`` digits."""
    if low > high:
        raise ValueError("empty range")
    if width == 1:
        return str(low) if low == high else f"[{low}-{high}]"
    low_text, high_text = f"{low:0{width}d}", f"{high:0{width}d}"
    tail = 10 ** (width - 1)
    low_head, high_head = low // tail, high // tail
    if low_head == high_head:
        return low_text[0] + _number_range(low % tail, high % tail, width - 1)
    parts = []
    if low % tail:
        parts.append(low_text[0] + _number_range(low % tail, tail - 1, width - 1))
        low_head += 1
    ends_early = high % tail != tail - 1
    last_full = high_head - 1 if ends_early else high_head
    if low_head <= last_full:
        head = str(low_head) if low_head == last_full else f"[{low_head}-{last_full}]"
        parts.append(head + "[0-9]" * (width - 1))
    if ends_early:
        parts.append(high_text[0] + _number_range(0, high % tail, width - 1))
    return _alternatives(parts)


def _days_of_month(year: int, month: int, first: int = 1, last: int | None = None) -> str:
    last = calendar.monthrange(year, month)[1] if last is None else last
    return _number_range(first, last, 2)


def _year(year: int, first: dt.date | None = None, last: dt.date | None = None) -> str:
    """Month-day alternatives of one year, cut to [first, last] where given."""
    start = first or dt.date(year, 1, 1)
    end = last or dt.date(year, 12, 31)
    parts = []
    for month in range(start.month, end.month + 1):
        low = start.day if month == start.month else 1
        high = end.day if month == end.month else calendar.monthrange(year, month)[1]
        parts.append(f"{month:02d}-" + _days_of_month(year, month, low, high))
    return _alternatives(parts)


def _full_years(first_year: int, last_year: int) -> list[str]:
    """Whole years first_year..last_year: every month-day, and 02-29 in leap years only."""
    if first_year > last_year:
        return []
    common = (
        "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
        "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    )
    parts = [_number_range(first_year, last_year, 4) + "-" + common]
    leap = [str(y) for y in range(first_year, last_year + 1) if calendar.isleap(y)]
    if leap:
        parts.append(_alternatives(leap) + "-02-29")
    return parts


@lru_cache(maxsize=4)
def iso_dates_between(first: dt.date, last: dt.date) -> str:
    """An anchored pattern for the dates first..last inclusive (first <= last)."""
    if first > last:
        raise ValueError("first must not be after last")
    if first.year == last.year:
        parts = [f"{first.year}-" + _year(first.year, first, last)]
    else:
        parts = [f"{first.year}-" + _year(first.year, first=first)]
        parts += _full_years(first.year + 1, last.year - 1)
        parts.append(f"{last.year}-" + _year(last.year, last=last))
    return "^(?:" + "|".join(parts) + ")$"


@lru_cache(maxsize=4)
def compiled(first: dt.date, last: dt.date) -> re.Pattern[str]:
    return re.compile(iso_dates_between(first, last))
