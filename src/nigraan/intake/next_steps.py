"""What the receipt page promises: how soon a case worker looks at the report, taken from the
deadline rules in force for the report's place (rules/deadlines.yaml and its overrides), never
written into a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import ngettext

from nigraan import clock
from nigraan.cases.rules import current_rules
from nigraan.intake.report_input import ReportInput

TRIAGE = "triage_new_report"
URGENT = "assign_urgent_report"


@dataclass(frozen=True)
class Promise:
    within: str  # "3 hours", in the page's language
    by: dt.datetime  # local time by which it is due


def duration_words(within: dt.timedelta) -> str:
    hours = int(within.total_seconds() // 3600)
    if hours >= 48 and hours % 24 == 0:
        days = hours // 24
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if hours >= 1:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, int(within.total_seconds() // 60))
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def promise(report: ReportInput) -> Promise | None:
    """The soonest of the triage deadline and, for a child in danger now, the urgent one."""
    rules = {
        r.id: r
        for r in current_rules().for_place(report.district, report.province)
        if r.id in (TRIAGE, URGENT)
    }
    if URGENT in rules and not report.in_danger_now:
        del rules[URGENT]
    if not rules:
        return None
    within = min(rule.within for rule in rules.values())
    return Promise(duration_words(within), timezone.localtime(clock.now() + within))
