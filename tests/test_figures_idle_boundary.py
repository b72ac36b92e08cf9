"""Idle cases at the edge of a band: the measure counts a case whose last action was 30 days (or
90 days) before the period's end in that band, as its definition says ("30 to 89 days, or 90 days
or more, before the end of the period"). The property test in test_figures_recount.py found the
release leaving out cases quiet for exactly 30 days on PostgreSQL, when hypothesis happened to
write their last action at that instant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from figures_histories import ZONE
from nigraan.ledger.append import append_event
from nigraan.stats.release import Period, build_release

END = dt.datetime(2026, 2, 1, tzinfo=ZONE).astimezone(dt.UTC)  # the end of January 2026


def _open(ref: str, at: dt.datetime) -> None:
    data = {
        "channel": "web",
        "category": "sexual_abuse",
        "district": "PK614",
        "province": "PK6",
        "victim_age_band": "10-14",
        "victim_gender": "female",
        "protected": {},
        "report": {},
    }
    append_event(case_ref=ref, kind="case.opened", actor="t", data=data, at=at)


@pytest.mark.parametrize("source", ["read_model", "ledger"])
def test_a_case_quiet_for_exactly_30_or_90_days_is_in_that_band(db, source):
    quiet = {
        "NGR-Q1": dt.timedelta(days=30),  # 30-89
        "NGR-Q2": dt.timedelta(days=30, seconds=-1),  # not yet idle
        "NGR-Q3": dt.timedelta(days=90),  # 90+
        "NGR-Q4": dt.timedelta(days=90, seconds=-1),  # 30-89
    }
    with transaction.atomic():
        for ref, before in quiet.items():
            _open(ref, END - before)
    values = build_release(Period.parse("month:2026-01"), source=source).outcome.values
    cells = {
        column: value
        for (period, spec, area, column), value in values.items()
        if spec.measure == "idle_cases" and spec.breakdown == ("idle_for",) and area == "PK614"
    }
    assert cells.get(("30-89",), 0) == 2
    assert cells.get(("90+",), 0) == 1
