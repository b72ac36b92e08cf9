"""The deadline sweep over N open deadlines with 1% overdue (seconds per sweep, escalating each
overdue one — a ledger event and a notice each), beside a plain indexed count of the same overdue
rows in the same run, and a second sweep with nothing newly due (the steady state every minute)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction

from nigraan import clock
from nigraan.cases.models import Deadline
from nigraan.cases.sweep import sweep

PER_CASE = 5
BATCH = 20_000


def _fill(count: int) -> dt.datetime:
    now = clock.now()
    cases = count // PER_CASE
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM cases_case")
        start = (cursor.fetchone()[0] or 0) + 1
    case_sql = (
        "INSERT INTO cases_case (id, ref, channel, category, stage, is_open, province_id, "
        "district_id, "
        "victim_age_band, victim_gender, opened_at, updated_at, protected, report, note_count, "
        "accused, "
        "charges, flagged_for_oversight, referrals, court, legal_basis_recorded, is_shredded, "
        "last_seq) VALUES "
        "(%s, %s, 'web', 'other', 'received', %s, 'PK6', 'PK614', 'unknown', 'unknown', %s, %s, "
        "'{}', '{}', 0, "
        "'[]', '[]', %s, '[]', '{}', %s, %s, 0)"
    )
    true, false = (True, False)
    rows = []
    for n in range(cases):
        rows.append((start + n, f"NGR-B{n:09d}", true, stamp, stamp, false, false, false))
        if len(rows) == BATCH or n == cases - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(case_sql, rows)
            rows = []
    deadline_sql = (
        "INSERT INTO cases_deadline (case_id, rule_id, subject, title, rules_version, started_at, "
        "due_at, "
        "escalate_every, met_at, stopped, level, next_escalation_at, escalates, warn_at, warned) "
        "VALUES "
        "(%s, %s, '', 'bench', 'v1:bench', %s, %s, %s, NULL, %s, 0, %s, %s, NULL, %s)"
    )
    every = Deadline._meta.get_field("escalate_every").get_db_prep_value(
        dt.timedelta(days=1), connection
    )
    rows = []
    for n in range(count):
        overdue = n % 100 == 0
        due = now - dt.timedelta(minutes=5) if overdue else now + dt.timedelta(days=3 + n % 30)
        due_value = connection.ops.adapt_datetimefield_value(due)
        rows.append(
            (
                start + n // PER_CASE,
                f"rule{n % PER_CASE}",
                stamp,
                due_value,
                every,
                False,
                due_value,
                True,
                False,
            )
        )
        if len(rows) == BATCH or n == count - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(deadline_sql, rows)
            rows = []
    return now


def run(count: int) -> list[dict]:
    from nigraan.geo.load import load_geography

    load_geography()
    setup = time.perf_counter()
    now = _fill(count)
    setup = time.perf_counter() - setup
    start = time.perf_counter()
    overdue = Deadline.objects.filter(
        next_escalation_at__lte=now, met_at__isnull=True, stopped=False
    ).count()
    count_seconds = time.perf_counter() - start
    start = time.perf_counter()
    escalated = sweep(now)
    sweep_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again = sweep(now)
    idle_seconds = time.perf_counter() - start
    if escalated != overdue or again != 0:
        raise SystemExit(f"sweep escalated {escalated} of {overdue} overdue, then {again}")
    return [
        {
            "measure": f"sweep s, {count:,} deadlines, {overdue:,} overdue (setup {setup:.0f}s)",
            "ours": sweep_seconds,
            "baseline": count_seconds,
            "ratio": sweep_seconds / count_seconds,
            "target": "(information; baseline: indexed count, s)",
        },
        {
            "measure": f"idle sweep s (nothing newly due), {count:,} deadlines",
            "ours": idle_seconds,
            "baseline": count_seconds,
            "ratio": idle_seconds / count_seconds,
            "target": "(information; baseline: indexed count, s)",
        },
    ]
