"""Small SVG charts for the figures pages: the funnel as horizontal bars, and each clock (a median
number of days) beside the legal deadlines it answers to. Every number is also written as text
beside its bar (the bars are ``aria-hidden``); a cell that is not a number gets no bar of a
number's colour — "fewer than 5" a short hatched stub, anything else an empty track."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language, ngettext

from nigraan.cases.rules import current_rules

# The deadlines each clock is measured against (ids in rules/deadlines.yaml; a test checks they
# exist). No deadline runs from the report to any FIR, nor from the FIR to the verdict: these
# are the legal limits nearest each clock, and the page says where each one starts.
CLOCK_DEADLINES: dict[str, tuple[str, ...]] = {
    "days_report_to_fir": ("missing_child_fir",),
    "days_fir_to_verdict": ("interim_challan", "rape_trial"),
}


@dataclass(frozen=True)
class Bar:
    """One bar: its width in percent of the chart (0 for none) and how it is drawn."""

    width: float
    css: str  # "bar" (a number), "bar-small" (fewer than 5), "bar-none" (no number)
    number: bool = True

    @property
    def width_text(self) -> str:
        return f"{self.width:.1f}"


def funnel_bars(cells: list[int | str | None]) -> list[Bar]:
    """Bars for the funnel's lines, the longest number the whole width."""
    largest = max([c for c in cells if isinstance(c, int)] + [1])
    bars = []
    for cell in cells:
        if isinstance(cell, int):
            bars.append(Bar(100 * cell / largest, "bar"))
        elif cell == "small":
            bars.append(Bar(2.0, "bar-small", number=False))
        else:
            bars.append(Bar(0.0, "bar-none", number=False))
    return bars


def duration_text(span: dt.timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours < 48:
        count = round(hours)
        return ngettext("%(n)d hour", "%(n)d hours", count) % {"n": count}
    count = round(hours / 24)
    return ngettext("%(n)d day", "%(n)d days", count) % {"n": count}


@dataclass(frozen=True)
class ClockLine:
    label: str
    text: str
    bar: Bar
    deadline: bool  # a legal deadline (drawn in its own colour), not a measured median


def clock_lines(measure_id: str, label: str, days: int | None, not_shown: str) -> list[ClockLine]:
    """A median's bar and its deadlines' bars on one scale (days), longest the whole width."""
    rules = current_rules()
    deadlines = [rules.rule(rule_id) for rule_id in CLOCK_DEADLINES.get(measure_id, ())]
    limits = [(r, r.within.total_seconds() / 86400) for r in deadlines if r is not None]
    largest = max([days or 0] + [d for _, d in limits] + [1])
    median_bar = (
        Bar(100 * days / largest, "bar") if days is not None else Bar(0.0, "bar-none", False)
    )
    text = (
        ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days is not None else not_shown
    )
    lines = [ClockLine(label, text, median_bar, deadline=False)]
    urdu = get_language() == "ur"
    for rule, limit in limits:
        title = rule.title_ur if urdu and rule.title_ur else rule.title
        lines.append(
            ClockLine(
                title,
                duration_text(rule.within),
                Bar(max(100 * limit / largest, 0.5), "bar-law"),
                deadline=True,
            )
        )
    return lines
