"""`ledger verify` with projections (every case replayed and compared with its stored row and
deadline rows) against the ledger-only verify of the same ledger, in the same run. The ledger is
made of realistic cases: each opened, triaged, assigned, noted on and given an FIR, with its case
row and its deadline rows stored as the commands would have stored them. Target: projections
add at most 2× (full verify time ≤ 2 × the ledger-only time)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction

from nigraan import clock
from nigraan.cases import events as ev
from nigraan.cases.deadline_plan import plan_deadlines
from nigraan.cases.deadlines import replay_with_milestones
from nigraan.cases.list_columns import derive
from nigraan.cases.models import Case, Deadline
from nigraan.cases.projection import write_state
from nigraan.cases.projection_compare import escalations_in
from nigraan.cases.rules import RuleSet, current_rules
from nigraan.geo.load import load_geography
from nigraan.geo.models import District
from nigraan.ledger.encoding import GENESIS_HASH, encode_leaf, event_hash
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger

EVENTS_PER_CASE = 10
ROUNDS = 3
INSERT_SQL = (
    "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, "
    "leaf) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def _story(index: int) -> list[ev.CaseEvent]:
    """One case's events: a report, triage, an owner, notes, an FIR."""
    opened = ev.CaseOpened(
        channel="helpline",
        category="missing_child" if index % 3 == 0 else "sexual_abuse",
        district="PK614",
        province="PK6",
        victim_age_band="10-14",
        victim_gender="female",
        protected={"narrative": "enc1:" + "x" * 60},
        report={"in_danger_now": index % 2 == 0},
    )
    stage = ev.StageRecorded
    notes = [ev.NoteAdded(note=f"enc1:{'n' * 60}{k}") for k in range(EVENTS_PER_CASE - 4)]
    return [
        opened,
        stage(stage="triaged", reason="", rules="pipeline v1:bench"),
        ev.CaseAssigned(owner="cw.bench", reason=""),
        *notes,
        stage(stage="fir_registered", reason="", rules="pipeline v1:bench"),
    ]


def _case(index: int, at: dt.datetime, owner: object, rules: RuleSet) -> tuple[list, Case, list]:
    """The event rows, the case row and the deadline rows of one case."""
    ref = f"NGR-P{index:07d}"
    prev, rows, history = GENESIS_HASH, [], []
    for seq, event in enumerate(_story(index), start=1):
        moment = at + dt.timedelta(minutes=seq)
        leaf = encode_leaf(
            case_ref=ref,
            seq=seq,
            prev_hash=prev,
            kind=event.kind,
            actor="cw.bench",
            at=moment,
            data=ev.encode_event(event),
        )
        digest = event_hash(leaf)
        stamp = connection.ops.adapt_datetimefield_value(moment)
        rows.append((ref, seq, event.kind, "cw.bench", stamp, prev, digest, leaf))
        history.append(ev.RecordedEvent(seq, event.kind, "cw.bench", moment, digest, event))
        prev = digest
    state, found = replay_with_milestones(history, ref)
    assert state is not None
    case = Case(owner=owner)
    write_state(case, state)
    plan = plan_deadlines(state, found, escalations_in(history), rules)
    deadlines = [
        Deadline(
            rule_id=key[0],
            subject=key[1],
            rules_version=rules.stamp,
            **wanted._asdict(),
        )
        for key, wanted in plan.running.items()
    ]
    # The list columns as the commands keep them (list_columns.refresh).
    listed = derive(((d.due_at, d.met_at, d.stopped, d.level) for d in deadlines), case.accused)
    case.next_due_at, case.escalated, case.accused_released = listed
    return rows, case, deadlines


def fill_cases(count: int, batch: int = 2_000) -> None:
    from nigraan.accounts.models import Staff

    if not District.objects.exists():
        load_geography()
    owner = Staff.objects.create_user(username="cw.bench", password="x" * 20, role="case_worker")
    rules, start = current_rules(), clock.now() - dt.timedelta(days=30)
    for first in range(0, count, batch):
        made = [_case(n, start, owner, rules) for n in range(first, min(count, first + batch))]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(INSERT_SQL, [row for rows, _, _ in made for row in rows])
            Case.objects.bulk_create([case for _, case, _ in made])
            ids = dict(
                Case.objects.filter(ref__in=[c.ref for _, c, _ in made]).values_list("ref", "pk")
            )
            for _, case, deadlines in made:
                for deadline in deadlines:
                    deadline.case_id = ids[case.ref]
            Deadline.objects.bulk_create([d for _, _, ds in made for d in ds])
    sequence_and_sign()


def _timed(projections: bool) -> tuple[float, object]:
    start = time.perf_counter()
    report = verify_ledger(projections=projections)
    return time.perf_counter() - start, report


def run(events: int) -> list[dict]:
    from nigraan.ledger.models import Event

    if Event.objects.exists():
        raise SystemExit("the projections benchmark needs an empty ledger: it runs first")
    cases = max(1, events // EVENTS_PER_CASE)
    fill_start = time.perf_counter()
    fill_cases(cases)
    fill_seconds = time.perf_counter() - fill_start
    # Alternate the two, ROUNDS times, and keep each one's best: on a shared machine a single
    # run of either can be slowed by whatever else runs at that moment.
    ledger_times, full_times = [], []
    for _ in range(ROUNDS):
        seconds, plain = _timed(False)
        ledger_times.append(seconds)
        seconds, report = _timed(True)
        full_times.append(seconds)
        if not (plain.ok and report.ok):  # type: ignore[attr-defined]
            raise SystemExit(f"verification failed on the benchmark ledger: {report}")
    ledger_only, full = min(ledger_times), min(full_times)
    return [
        {
            "measure": f"verify s, with projections (n={cases * EVENTS_PER_CASE:,} events, "
            f"{cases:,} cases; best of {ROUNDS}; setup {fill_seconds:.0f}s)",
            "ours": full,
            "baseline": ledger_only,
            "ratio": full / ledger_only,
            "target": "ratio ≤ 2 (baseline: ledger-only verify, same ledger, same run)",
        }
    ]
