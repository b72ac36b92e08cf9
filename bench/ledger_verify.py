"""`ledger verify` throughput on N events vs a baseline loop that only reads the same rows and
hashes each row's leaf bytes once with SHA-256."""

from __future__ import annotations

import hashlib
import time

from django.db import connection, transaction

from nigraan.ledger.encoding import GENESIS_HASH, encode_leaf, event_hash
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger

CASES = 50_000
INSERT_BATCH = 20_000


def fill_events(count: int, prefix: str = "NGR-V", *, sign: bool = True) -> None:
    """Write `count` realistic events quickly (executemany), then sequence and sign them for
    real (unless ``sign`` is False). Case references start with ``prefix``: a prefix not used
    before starts fresh chains."""
    from nigraan import clock

    moment = clock.now()
    stamp = connection.ops.adapt_datetimefield_value(moment)
    last: dict[str, tuple[int, str]] = {}
    sql = (
        "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, "
        "event_hash, leaf) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    batch = []
    for n in range(count):
        ref = f"{prefix}{n % CASES:07d}"
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
        batch.append((ref, seq + 1, "case.note_added", "cw.kasur", stamp, prev, digest, leaf))
        if len(batch) == INSERT_BATCH or n == count - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch = []
    if sign:
        sequence_and_sign()


def _baseline() -> float:
    start = time.perf_counter()
    rows = 0
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        cursor.execute(
            "SELECT id, case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf "
            "FROM ledger_event ORDER BY id"
        )
        while batch := cursor.fetchmany(20_000):
            for row in batch:
                hashlib.sha256(row[8].encode("utf-8")).digest()
            rows += len(batch)
        cursor.close()
    return rows / (time.perf_counter() - start)


def run(count: int) -> list[dict]:
    fill_start = time.perf_counter()
    fill_events(count)
    fill_seconds = time.perf_counter() - fill_start
    baseline = _baseline()
    start = time.perf_counter()
    report = verify_ledger()
    ours = report.events / (time.perf_counter() - start)
    if not report.ok:
        raise SystemExit(f"verification failed on the benchmark ledger: {report}")
    return [
        {
            "measure": f"verify events/s (n={report.events:,}; setup {fill_seconds:.0f}s)",
            "ours": ours,
            "baseline": baseline,
            "ratio": ours / baseline,
            "target": "ratio ≥ 0.25 (verify/baseline rate)",
        }
    ]
