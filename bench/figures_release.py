"""Computing a month's public figures from the ledger (N cases, about ten events each, over two
years) beside one GROUP BY count over the same rows in the same run: the counting pass through
the figures read model (stats/read_model.py, brought up to date first: the month counts it keeps
per case, stats/month_counts.py), the same pass folding the touched cases' histories of the read
model (before the month counts), the same pass from every ledger event as before the read
model, and building the read model from nothing (with the month counts); then the release with
disclosure control, and a rolling 12-month release."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Iterator

from django.db import connection, transaction

from bench import figures_pages
from bench.staff_data import _Writer
from nigraan.cases.pipeline import check_all_rules
from nigraan.ledger.encoding import GENESIS_HASH, encode_leaf, event_hash
from nigraan.stats.compute import count_period
from nigraan.stats.measures import current_figures
from nigraan.stats.read_model import refresh
from nigraan.stats.release import Period, build_release

BATCH = 20_000
PAGE_REQUESTS = 400  # per page, and as many to /healthz
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
DAYS = 730
PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK201", "PK2"), (None, "PK6")]
OFFENCES = ["PK.PPC.376", "PK.PPC.376.3", "PK.PPC.377A", "PK.ZARRA.2020", "PK.PECA.2016"]


def _history(rng: random.Random, district: str | None, province: str) -> list[tuple[str, dict]]:
    """About ten events of a plausible case: report, triage, police response, accused, court."""
    opened = {
        "channel": rng.choice(["web", "sms", "helpline", "staff"]),
        "category": rng.choice(["sexual_abuse", "harassment", "missing_child", "online_abuse"]),
        "district": district,
        "province": province,
        "victim_age_band": rng.choice(["0-4", "5-9", "10-14", "15-17", "unknown"]),
        "victim_gender": rng.choice(["female", "male"]),
        "protected": {"narrative": "enc1:" + "x" * 60},
        "report": {},
    }
    events = [("case.opened", opened), ("case.assigned", {"owner": "cw.kasur", "reason": ""})]
    response = rng.choice(["fir_registered", "fir_registered", "diary_entry", "fir_refused"])
    events.append(("case.stage_recorded", {"stage": response, "reason": "", "rules": "p v1:x"}))
    events.append(("case.note_added", {"note": "enc1:" + "y" * 80}))
    if rng.random() < 0.3:
        level = rng.randint(1, 3)
        role = ["supervisor", "district_officer", "oversight"][level - 1]
        escalation = {"deadline": "triage_new_report", "level": level, "to": role, "due": "x"}
        events.append(("case.deadline_escalated", {**escalation, "rules": "v2:x"}))
    if response == "fir_registered":
        custody = rng.choice(["arrested", "at_large", "absconding"])
        events.append(
            (
                "case.accused_added",
                {"number": 1, "relation": "family", "custody": custody, "since": "2025-01-01"},
            )
        )
        events.append(("case.charge_recorded", {"accused": 1, "offence": rng.choice(OFFENCES)}))
        if rng.random() < 0.5:
            change = {"number": 1, "custody": "bailed", "basis": "s. 497", "since": "2025-01-02"}
            events.append(("case.custody_changed", change))
        if rng.random() < 0.4:
            outcome = rng.choice(["conviction", "acquittal", "compromise", "withdrawal"])
            verdict = {"outcome": outcome, "accused": [1], "on": "2025-01-03", "custody": None}
            events.append(("case.verdict_recorded", {**verdict, "basis": "", "flag": False}))
    for _ in range(rng.randint(2, 6)):  # the everyday traffic: notes, reads, replies
        kind = rng.choice(["case.note_added", "case.protected_read", "case.reply_to_reporter"])
        events.append((kind, _CHATTER[kind]))
    if rng.random() < 0.4:
        close = {"stage": "closed", "reason": "r", "reason_code": "duplicate", "rules": "x"}
        events.append(("case.stage_recorded", close))
    return events


_CHATTER = {
    "case.note_added": {"note": "enc1:" + "z" * 80},
    "case.protected_read": {"fields": ["narrative"], "notes": 0, "reason": "review"},
    "case.reply_to_reporter": {"text": "enc1:" + "w" * 60},
}


def _fill(cases: int) -> int:
    """Write the cases' events straight into the ledger table (COPY on PostgreSQL, executemany
    on SQLite, 20,000 events a transaction), as the other benchmarks do; figures read the
    ledger only. Then VACUUM ANALYZE, the steady state autovacuum leaves a table in."""
    rng = random.Random(12)
    writer = _Writer(
        "ledger_event", "case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf"
    )
    with _indexes_built_after():
        return _write_cases(cases, rng, writer)


def _write_cases(cases: int, rng: random.Random, writer: _Writer) -> int:
    batch: list[tuple] = []
    written = 0
    for number in range(cases):
        ref = f"NGR-R{number:08d}"
        at = START + dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        district, province = rng.choice(PLACES)
        previous = GENESIS_HASH
        for seq, (kind, data) in enumerate(_history(rng, district, province), start=1):
            leaf = encode_leaf(
                case_ref=ref,
                seq=seq,
                prev_hash=previous,
                kind=kind,
                actor="bench",
                at=at,
                data=data,
            )
            digest = event_hash(leaf)
            batch.append((ref, seq, kind, "bench", at, previous, digest, leaf))
            previous = digest
            at += dt.timedelta(hours=rng.randint(1, 24 * 20))
        if len(batch) >= BATCH or number == cases - 1:
            with transaction.atomic():
                writer.write(batch)
            written += len(batch)
            batch = []
    return written


@contextlib.contextmanager
def _indexes_built_after() -> Iterator[None]:
    """On PostgreSQL the ledger table's indexes and unique constraints (but its primary key)
    are dropped for the load and built again after it, as a bulk load is done (the same
    definitions, read from the catalogue); then VACUUM ANALYZE, the steady state autovacuum
    leaves a table in. SQLite: ANALYZE after the load."""
    if connection.vendor != "postgresql":
        yield
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'ledger_event'::regclass AND contype = 'u'"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ledger_event' "
            "AND indexname <> 'ledger_event_pkey'"
        )
        indexes = [row for row in cursor.fetchall() if row[0] not in dict(constraints)]
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE ledger_event DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE ledger_event ADD CONSTRAINT {name} {definition}")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("VACUUM ANALYZE ledger_event")


def _group_by_count() -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, COUNT(*) FROM ledger_event GROUP BY kind")
        cursor.fetchall()
    return time.perf_counter() - start


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(cases: int) -> list[dict]:
    from nigraan.geo.load import load_geography

    load_geography()
    setup = time.perf_counter()
    events = _fill(cases)
    setup = time.perf_counter() - setup
    figures = current_figures()
    check_all_rules()  # rules are loaded once at start-up, as the worker does
    baseline = min(_group_by_count() for _ in range(3))
    months = Period.parse("month:2026-10").months
    build = _timed(refresh)  # the read model from nothing: once, like a migration
    from_ledger = _timed(lambda: count_period(figures, months, source="ledger"))
    histories = _timed(lambda: count_period(figures, months, source="histories"))
    counting = _timed(lambda: count_period(figures, months))  # includes bringing it up to date
    monthly = _timed(lambda: build_release(Period.parse("month:2026-10")))
    rolling = _timed(lambda: build_release(Period.parse("rolling:2026-10")))
    size = f"{cases:,} cases, {events:,} events (setup {setup:.0f}s)"
    rows = [
        ("counting pass s, one month", counting, "ratio <= 5 (baseline: GROUP BY count, s)"),
        ("same pass folding the touched cases' histories s", histories, "(information: before)"),
        ("same pass from every ledger event s", from_ledger, "(information: before that)"),
        ("read model built from nothing s", build, "(information: once)"),
        ("monthly release s, with disclosure", monthly, "(information)"),
        ("rolling 12-month release s", rolling, "(information)"),
    ]
    return [
        {
            "measure": f"figures: {name}; {size}" if index == 0 else f"figures: {name}",
            "ours": seconds,
            "baseline": baseline,
            "ratio": seconds / baseline,
            "target": target,
        }
        for index, (name, seconds, target) in enumerate(rows)
    ] + figures_pages.run("month:2026-10", PAGE_REQUESTS)
