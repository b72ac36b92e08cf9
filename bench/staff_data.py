"""A synthetic caseload for the staff-lists benchmark, written straight into the tables in large
transactions (COPY on PostgreSQL, executemany on SQLite): N cases over every district (Kasur
five times its share), about ten ledger events and two deadlines each, owned by district case
workers who each hold about 60 open cases, as the issue's "district case worker with 40 cases".

The events are realistic in size and kind (the leaf format, canonical JSON, SHA-256 hashes) but
not chained: the lists never read the ledger, and no benchmark here verifies it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator, Sequence

from django.db import connection, transaction

from nigraan.cases.list_columns import derive
from nigraan.ledger.encoding import GENESIS_HASH, MAGIC, canonical_json

BATCH = 20_000  # cases per transaction
HOME = "PK614"  # Kasur: the measured case worker's district, five times its share of cases
OPEN_SHARE = 0.3  # older cases are closed
OPEN_PER_WORKER = 60
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
DAYS = 730
OPEN_STAGES = ["received", "triaged", "assigned", "medical_examination", "investigation", "trial"]
FIR = '{"reason":"","rules":"p v1:x","stage":"fir_registered"}'
CHATTER = [
    ("case.note_added", canonical_json({"note": "enc1:" + "z" * 80})),
    ("case.protected_read", canonical_json({"fields": ["narrative"], "notes": 0, "reason": "r"})),
    ("case.reply_to_reporter", canonical_json({"text": "enc1:" + "w" * 60})),
]
CASE_COLUMNS = (
    "id, ref, channel, category, stage, is_open, province_id, district_id, victim_age_band, "
    "victim_gender, owner_id, opened_at, updated_at, report, protected, note_count, accused, "
    "charges, flagged_for_oversight, referrals, court, legal_basis_recorded, had_fir, is_shredded, "
    "last_seq, next_due_at, escalated, accused_released"
)
DEADLINE_COLUMNS = (
    "case_id, rule_id, subject, title, rules_version, started_at, due_at, escalate_every, met_at, "
    "stopped, level, next_escalation_at, escalates, warn_at, warned"
)
EVENT_COLUMNS = "case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf"


def district_weights(districts: Sequence[tuple[str, str]]) -> list[float]:
    return [5.0 if code == HOME else 1.0 for code, _province in districts]


def workers_needed(districts: Sequence[tuple[str, str]], cases: int) -> dict[str, int]:
    """How many case workers each district needs for about OPEN_PER_WORKER open cases each."""
    weights = district_weights(districts)
    total = sum(weights)
    return {
        code: max(1, round(cases * w / total * OPEN_SHARE / OPEN_PER_WORKER))
        for (code, _p), w in zip(districts, weights, strict=True)
    }


class _Writer:
    """Rows into a table: COPY on PostgreSQL, executemany elsewhere (values adapted)."""

    def __init__(self, table: str, columns: str) -> None:
        self.table, self.columns = table, columns
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: list[tuple]) -> None:
        if self.postgres:
            raw = connection.connection.cursor()  # type: ignore[union-attr]
            with raw.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(self.columns.split(",")))
        adapted = [tuple(_sqlite(value) for value in row) for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", adapted
            )


def _sqlite(value: object) -> object:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    return value


def _leaf(ref: str, seq: int, kind: str, at: dt.datetime, data: str) -> tuple:
    stamp = at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    leaf = "\n".join([MAGIC, ref, str(seq), GENESIS_HASH, kind, "bench", stamp, data])
    return (
        ref,
        seq,
        kind,
        "bench",
        at,
        GENESIS_HASH,
        hashlib.sha256(leaf.encode()).hexdigest(),
        leaf,
    )


def _events(rng: random.Random, ref: str, case: dict, at: dt.datetime) -> Iterator[tuple]:
    opened = canonical_json(
        {"category": case["category"], "district": case["district"], "report": {}}
    )
    kinds: list[tuple[str, str]] = [("case.opened", opened)]
    kinds.append(("case.assigned", canonical_json({"owner": case["owner"] or "", "reason": ""})))
    if case["fir"]:
        kinds.append(("case.stage_recorded", FIR))
        kinds.append(("case.accused_added", '{"custody":"' + case["custody"] + '","number":1}'))
    else:
        kinds.append(("case.stage_recorded", '{"reason":"","rules":"x","stage":"diary_entry"}'))
    while len(kinds) < 9:
        kinds.append(rng.choice(CHATTER))
    closing = '{"reason":"r","reason_code":"duplicate","rules":"x","stage":"closed"}'
    kinds.append(("case.stage_recorded", closing) if not case["open"] else rng.choice(CHATTER))
    for seq, (kind, data) in enumerate(kinds, start=1):
        yield _leaf(ref, seq, kind, at + dt.timedelta(hours=seq), data)


def _deadlines(rng: random.Random, pk: int, case: dict, opened: dt.datetime) -> list[tuple]:
    week = dt.timedelta(days=7)
    met = (pk, "triage_new_report", "", "Triage", "v1", opened, opened + dt.timedelta(hours=24),
           dt.timedelta(hours=12), opened + dt.timedelta(hours=3), False, 0, None, True, None,
           False)  # fmt: skip
    if case["open"]:
        due = NOW + dt.timedelta(hours=rng.randint(-24 * 30, 24 * 60))
        level = min(3, max(0, int((NOW - due) / week) + 1)) if due < NOW else 0
        nxt = due + week * (level + 1)
        warn = due - dt.timedelta(days=1)
        running = (pk, "investigation_progress", "", "Investigation progress", "v1", opened, due,
                   week, None, False, level, nxt, True, warn, due < NOW)  # fmt: skip
    else:
        running = (pk, "investigation_progress", "", "Investigation progress", "v1", opened,
                   opened + week, week, None, True, 0, None, True, None, False)  # fmt: skip
    return [met, running]


def _case(rng: random.Random, district: str, province: str, owners: list[str]) -> dict:
    fir = rng.random() < 0.5
    is_open = rng.random() < OPEN_SHARE
    return {
        "district": district,
        "province": province,
        "open": is_open,
        "fir": fir,
        "custody": rng.choice(["arrested", "bailed", "at_large"]),
        "owner": rng.choice(owners) if owners and rng.random() < 0.9 else None,
        "category": rng.choice(["sexual_abuse", "harassment", "online_abuse", "other"]),
        "stage": rng.choice(OPEN_STAGES) if is_open else "closed",
    }


def _case_row(
    pk: int, ref: str, case: dict, owner_ids: dict[str, int], at: dt.datetime, deadlines: list
) -> tuple:
    people = (
        [{"number": 1, "relation": "family", "custody": case["custody"]}] if case["fir"] else []
    )
    accused = json.dumps(people)
    # The list columns as the commands write them (list_columns.derive): from the deadlines'
    # (due_at, met_at, stopped, level) and the accused list.
    listed = derive(((d[6], d[8], d[9], d[10]) for d in deadlines), people)
    flagged = not case["open"] and not case["fir"]
    owner = owner_ids[case["owner"]] if case["owner"] else None
    return (pk, ref, "web", case["category"], case["stage"], case["open"], case["province"],
            case["district"], "10-14", "female", owner, at, at + dt.timedelta(days=3), "{}", "{}",
            2, accused, "[]", flagged, "[]", "{}", False, case["fir"], False, 10,
            *listed)  # fmt: skip


def fill(
    cases: int, districts: Sequence[tuple[str, str]], owners: dict[str, list[str]],
    owner_ids: dict[str, int],
) -> tuple[int, int]:  # fmt: skip
    """Write the cases, their deadlines and events; (cases, events) written."""
    rng = random.Random(10)
    weights = district_weights(districts)
    writers = (
        _Writer("cases_case", CASE_COLUMNS),
        _Writer("cases_deadline", DEADLINE_COLUMNS),
        _Writer("ledger_event", EVENT_COLUMNS),
    )
    events = 0
    for start in range(0, cases, BATCH):
        rows: tuple[list[tuple], list[tuple], list[tuple]] = ([], [], [])
        for number in range(start, min(cases, start + BATCH)):
            district, province = rng.choices(districts, weights)[0]
            case = _case(rng, district, province, owners.get(district, []))
            pk, ref = number + 1, f"NGR-S{number:08d}"
            opened = NOW - dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
            deadlines = _deadlines(rng, pk, case, opened)
            rows[0].append(_case_row(pk, ref, case, owner_ids, opened, deadlines))
            rows[1].extend(deadlines)
            rows[2].extend(_events(rng, ref, case, opened))
        with transaction.atomic():
            for writer, batch in zip(writers, rows, strict=True):
                writer.write(batch)
        events += len(rows[2])
    _after_load()
    return cases, events


def _after_load() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
                "(SELECT MAX(id) FROM cases_case))"
            )
            # As autovacuum leaves a table in steady state: the visibility map lets a count
            # read the index alone (an index-only scan), as it would in production.
            cursor.execute("VACUUM ANALYZE cases_case")
            cursor.execute("VACUUM ANALYZE cases_deadline")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
