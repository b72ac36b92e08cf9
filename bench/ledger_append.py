"""Events appended per second through the ledger vs plain inserts of the same rows.

Both sides insert the same rows, one INSERT per row through the database driver's own cursor, in
transactions of the same size, into tables
of the same shape (the baseline table is a copy of ledger_event without triggers or constraints
beyond the same indexes). The ledger side also reads each case's last event, builds the leaf and
hashes it: that is the cost being measured.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from nigraan.ledger.append import append_event
from nigraan.ledger.encoding import GENESIS_HASH, encode_leaf, event_hash

CASES = 500


def _baseline_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_event")
        id_type = (
            "INTEGER PRIMARY KEY AUTOINCREMENT"
            if connection.vendor == "sqlite"
            else "BIGSERIAL PRIMARY KEY"
        )
        time_type = "datetime" if connection.vendor == "sqlite" else "timestamp with time zone"
        cursor.execute(
            f"CREATE TABLE bench_plain_event (id {id_type}, case_ref varchar(32) NOT NULL, seq "
            "integer NOT NULL, "
            f"kind varchar(64) NOT NULL, actor varchar(150) NOT NULL, occurred_at {time_type} NOT "
            "NULL, "
            "prev_hash varchar(64) NOT NULL, event_hash varchar(64) NOT NULL UNIQUE, leaf text "
            "NOT NULL, "
            "UNIQUE (case_ref, seq))"
        )
        cursor.execute("CREATE INDEX bench_plain_actor ON bench_plain_event (actor, occurred_at)")


def _rows(count: int, prefix: str) -> list[list]:
    from nigraan import clock

    moment = clock.now()
    last: dict[str, tuple[int, str]] = {}
    rows = []
    for n in range(count):
        ref = f"{prefix}{n % CASES:05d}"
        seq, prev = last.get(ref, (0, GENESIS_HASH))
        leaf = encode_leaf(
            case_ref=ref,
            seq=seq + 1,
            prev_hash=prev,
            kind="case.note_added",
            actor="cw.kasur",
            at=moment,
            data={"note": "enc1:" + "x" * 80, "n": n},
        )
        digest = event_hash(leaf)
        last[ref] = (seq + 1, digest)
        rows.append(
            [
                ref,
                seq + 1,
                "case.note_added",
                "cw.kasur",
                connection.ops.adapt_datetimefield_value(moment),
                prev,
                digest,
                leaf,
            ]
        )
    return rows


def _plain(rows: list[list], per_transaction: int) -> float:
    """Seconds to insert ``rows`` plainly."""
    sql = (
        "INSERT INTO bench_plain_event (case_ref, seq, kind, actor, occurred_at, prev_hash, "
        "event_hash, leaf) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
    )
    if connection.vendor == "sqlite":
        sql = sql.replace("%s", "?")
    start = time.perf_counter()
    for first in range(0, len(rows), per_transaction):
        with transaction.atomic():
            cursor = connection.connection.cursor()  # the driver's cursor, as append_event uses
            for row in rows[first : first + per_transaction]:
                cursor.execute(sql, row)
                cursor.fetchone()
            cursor.close()
    return time.perf_counter() - start


def _ledger(first_n: int, count: int, per_transaction: int, prefix: str) -> float:
    """Seconds to append events first_n … first_n+count-1 through the ledger."""
    start = time.perf_counter()
    for first in range(first_n, first_n + count, per_transaction):
        with transaction.atomic():
            for n in range(first, min(first_n + count, first + per_transaction)):
                append_event(
                    case_ref=f"{prefix}{n % CASES:05d}",
                    kind="case.note_added",
                    actor="cw.kasur",
                    data={"note": "enc1:" + "x" * 80, "n": n},
                )
    return time.perf_counter() - start


ROUNDS = 5


def run(count: int) -> list[dict]:
    """Plain and ledger inserts alternate in rounds, so neither side pays the other's WAL
    checkpoints or cache warm-up more than its share."""
    _baseline_table()
    results = []
    for per_transaction in (1, 100):
        n = count if per_transaction > 1 else max(500, count // 10)
        n -= n % (ROUNDS * per_transaction)
        tag = f"T{per_transaction}-"
        rows = _rows(n, f"NGR-P{tag}")
        chunk = n // ROUNDS
        plain_seconds = ledger_seconds = 0.0
        for round_ in range(ROUNDS):
            plain_seconds += _plain(rows[round_ * chunk : (round_ + 1) * chunk], per_transaction)
            ledger_seconds += _ledger(round_ * chunk, chunk, per_transaction, f"NGR-L{tag}")
        results.append(
            {
                "measure": f"append events/s ({per_transaction}/transaction, n={n:,})",
                "ours": n / ledger_seconds,
                "baseline": n / plain_seconds,
                "ratio": ledger_seconds / plain_seconds,
                "target": "ratio ≤ 3 (ledger/plain time)",
            }
        )
    return results
