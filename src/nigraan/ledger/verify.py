"""Full verification of the ledger from its stored bytes: every case's hash chain, the Merkle
log, and every signed tree head. Stored hashes are never trusted; everything is recomputed.

One streaming pass over the events (joined to their leaf index) checks each chain and feeds the
leaf hashes, in log order, into a compact range whose root is compared with each signed head.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction

from nigraan.ledger import merkle
from nigraan.ledger.checkpoint import CheckpointError, parse_and_verify
from nigraan.ledger.encoding import GENESIS_HASH, MAGIC
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.models import TreeHead

FETCH = 20_000
_sha256 = hashlib.sha256


class LedgerBroken(Exception):
    """The first place where the stored ledger contradicts itself."""


@dataclass
class VerificationReport:
    ok: bool = True
    problem: str = ""
    events: int = 0
    cases: int = 0
    leaves: int = 0
    tree_heads: int = 0
    unsequenced: int = 0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.ok:
            return f"LEDGER BROKEN: {self.problem}"
        text = (
            f"ledger verified: {self.events} events in {self.cases} case chains, {self.leaves} leaves, "
            f"{self.tree_heads} signed tree heads"
        )
        if self.unsequenced:
            text += f"; {self.unsequenced} newer events not yet in a signed tree head"
        return text


def _time_text(value: object) -> str:
    """The leaf's time text for a stored occurred_at (SQLite returns text, PostgreSQL datetimes)."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = str(value)
    # SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC
    date, _, clock = text.partition(" ")
    whole, _, fraction = clock.partition(".")
    return f"{date}T{whole[:8]}.{(fraction[:6]).ljust(6, '0')}Z"


class _Heads:
    """Signed tree heads in size order, checked as the recomputed tree reaches each size."""

    def __init__(self, vkey: str) -> None:
        self.rows = list(
            TreeHead.objects.order_by("tree_size").values_list(
                "tree_size", "root_hash", "timestamp_ms", "checkpoint"
            )
        )
        self.vkey = vkey
        self.position = 0

    def check_signatures(self) -> None:
        for size, root, timestamp, note in self.rows:
            try:
                checkpoint = parse_and_verify(note, self.vkey)
            except CheckpointError as exc:
                raise LedgerBroken(f"tree head at size {size}: {exc}") from exc
            if (checkpoint.tree_size, checkpoint.root_hash, checkpoint.timestamp_ms) != (size, bytes(root), timestamp):
                raise LedgerBroken(f"tree head at size {size}: its stored fields differ from its signed checkpoint")

    def reached(self, size: int, compact: merkle.CompactRange) -> None:
        while self.position < len(self.rows) and self.rows[self.position][0] == size:
            if compact.root() != bytes(self.rows[self.position][1]):
                raise LedgerBroken(
                    f"tree head at size {size}: root does not match the leaves "
                    "(an event in the log was altered, removed, inserted or reordered)"
                )
            self.position += 1

    def finish(self, total_leaves: int) -> None:
        if self.position < len(self.rows):
            size = self.rows[self.position][0]
            raise LedgerBroken(f"tree head at size {size}: the log has only {total_leaves} leaves")


def _check_event(row: tuple, last: dict[str, tuple[int, str]]) -> bytes:
    """Check one event against its chain; return its Merkle leaf hash."""
    _, case_ref, seq, kind, actor, occurred_at, prev_hash, stored_hash, leaf = row
    where = f"case {case_ref} event #{seq}"
    raw = leaf.encode("utf-8")
    if _sha256(raw).hexdigest() != stored_hash:
        raise LedgerBroken(f"{where}: its content does not match its hash (altered)")
    parts = leaf.split("\n", 7)
    if len(parts) != 8 or parts[0] != MAGIC:
        raise LedgerBroken(f"{where}: not a valid leaf")
    if parts[1] != case_ref or parts[2] != str(seq) or parts[4] != kind or parts[5] != actor:
        raise LedgerBroken(f"{where}: its columns differ from its hashed content (altered)")
    if parts[6] != _time_text(occurred_at):
        raise LedgerBroken(f"{where}: its time column differs from its hashed content (altered)")
    if parts[3] != prev_hash:
        raise LedgerBroken(f"{where}: its previous-hash column differs from its hashed content (altered)")
    previous = last.get(case_ref)
    expected_seq, expected_prev = (previous[0] + 1, previous[1]) if previous else (1, GENESIS_HASH)
    if seq != expected_seq:
        what = "missing (deleted)" if seq > expected_seq else "duplicated or out of order"
        raise LedgerBroken(f"{where}: expected event #{expected_seq} here; an event is {what}")
    if prev_hash != expected_prev:
        raise LedgerBroken(
            f"{where}: hash chain broken: it does not follow event #{seq - 1} (inserted, reordered or altered)"
        )
    last[case_ref] = (seq, stored_hash)
    return _sha256(b"\x00" + raw).digest()


def verify_ledger() -> VerificationReport:
    report = VerificationReport()
    try:
        _verify(report)
    except LedgerBroken as exc:
        report.ok = False
        report.problem = str(exc)
    return report


def _verify(report: VerificationReport) -> None:
    heads = _Heads(verifier_key())
    heads.check_signatures()
    report.tree_heads = len(heads.rows)
    last: dict[str, tuple[int, str]] = {}
    compact = merkle.CompactRange()
    pending: dict[int, bytes] = {}  # leaf hashes whose index is ahead of the tree (late commits)
    heads.reached(0, compact)
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        cursor.execute(
            "SELECT e.id, e.case_ref, e.seq, e.kind, e.actor, e.occurred_at, e.prev_hash, e.event_hash, "
            "e.leaf, l.\"index\" FROM ledger_event e LEFT JOIN ledger_leaf l ON l.event_id = e.id ORDER BY e.id"
        )
        while True:
            rows = cursor.fetchmany(FETCH)
            if not rows:
                break
            for row in rows:
                leaf_hash = _check_event(row[:9], last)
                index = row[9]
                if index is None:
                    report.unsequenced += 1
                elif index == compact.size:
                    compact.append(leaf_hash)
                    heads.reached(compact.size, compact)
                    while compact.size in pending:
                        compact.append(pending.pop(compact.size))
                        heads.reached(compact.size, compact)
                elif index > compact.size:
                    pending[index] = leaf_hash
                else:
                    raise LedgerBroken(f"leaf {index} is used twice")
            report.events += len(rows)
        cursor.close()
        with connection.cursor() as count_cursor:
            count_cursor.execute('SELECT COUNT(*), MAX("index") FROM ledger_leaf')
            leaf_count, max_index = count_cursor.fetchone()
    if pending:
        raise LedgerBroken(f"leaf {compact.size} is missing (its event was deleted or moved)")
    if leaf_count != compact.size or (max_index is not None and max_index != compact.size - 1):
        raise LedgerBroken(f"leaf {compact.size} is missing or points to no event")
    heads.finish(compact.size)
    report.cases = len(last)
    report.leaves = compact.size
