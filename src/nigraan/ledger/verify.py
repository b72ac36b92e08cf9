"""Full verification of the ledger from its stored bytes: every case's hash chain, the Merkle
log, and every signed tree head. Stored hashes are never trusted; everything is recomputed.

One streaming pass over the events (joined to their leaf index) checks each chain and feeds the
leaf hashes, in log order, into a compact range whose root is compared with each signed head.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from nigraan.ledger import merkle
from nigraan.ledger.alarm import active_halt, describe
from nigraan.ledger.checkpoint import Checkpoint, CheckpointError, parse_and_verify
from nigraan.ledger.encoding import GENESIS_HASH, MAGIC
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.models import TreeHead, WitnessCosignature
from nigraan.ledger.note import NoteError, cosignature_time, parse_signature_line, split_note
from nigraan.ledger.projection_checks import Mismatch, ProjectionStream, merged, start_all
from nigraan.ledger.witnessing import configured, latest_witnessed_head

FETCH = 20_000
_sha256 = hashlib.sha256


class LedgerBroken(Exception):
    """The first place where the stored ledger contradicts itself."""


# Checks of records kept outside the ledger whose hashes are in it (published figures): each
# raises LedgerBroken naming what it found altered. Apps above the ledger register theirs in
# their AppConfig.ready, so the ledger never imports them.
_RECORD_CHECKS: list[Callable[[], None]] = []


_RECORD_CHAINS: set[str] = set()


def register_record_chain(chain: str) -> None:
    """A chain of the ledger that is not a case (e.g. the figures releases' ``FIGURES``): the
    projection checks replay cases only and leave it to its own check."""
    _RECORD_CHAINS.add(chain)


def record_chains() -> frozenset[str]:
    return frozenset(_RECORD_CHAINS)


def register_record_check(check: Callable[[], None]) -> None:
    if check not in _RECORD_CHECKS:
        _RECORD_CHECKS.append(check)


@dataclass
class VerificationReport:
    ok: bool = True
    problem: str = ""
    events: int = 0
    cases: int = 0
    leaves: int = 0
    tree_heads: int = 0
    unsequenced: int = 0
    witnessed_size: int | None = None
    warnings: list[str] = field(default_factory=list)
    projections_checked: bool = False
    projection_cases: int = 0
    projection_deadlines: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    SHOWN_MISMATCHES = 50

    def __str__(self) -> str:
        if self.mismatches:
            return self._projections_differ()
        if not self.ok:
            return f"LEDGER BROKEN: {self.problem}"
        text = (
            f"ledger verified: {self.events} events in {self.cases} case chains, {self.leaves} "
            "leaves, "
            f"{self.tree_heads} signed tree heads"
        )
        if self.unsequenced:
            text += f"; {self.unsequenced} newer events not yet in a signed tree head"
        if self.witnessed_size is not None:
            text += f"; newest witnessed tree head: size {self.witnessed_size}"
        if self.projections_checked:
            text += (
                f"\nprojections verified: {self.projection_cases} cases and "
                f"{self.projection_deadlines} deadlines equal what their events replay to"
            )
        return text

    def _projections_differ(self) -> str:
        """The ledger itself holds, but stored records differ from it: one line per case."""
        lines = [
            f"PROJECTIONS DIFFER FROM THE LEDGER: {len(self.mismatches)} of "
            f"{self.projection_cases} cases. The ledger itself verified ({self.events} events, "
            f"{self.tree_heads} signed tree heads); the stored records below were changed "
            "outside Nigraan's commands (first difference per case):"
        ]
        lines += [f"  {m}" for m in self.mismatches[: self.SHOWN_MISMATCHES]]
        if len(self.mismatches) > self.SHOWN_MISMATCHES:
            lines.append(f"  … and {len(self.mismatches) - self.SHOWN_MISMATCHES} more cases")
        lines.append(
            "Investigate, then rebuild each case from its events: nigraan ledger repair "
            "--from-ledger CASE --by ADMINISTRATOR --reason TEXT (docs/ledger.md, 'Projections')."
        )
        return "\n".join(lines)


def _stored_time_matches(stored: object, leaf_time: str) -> bool:
    """Does the stored occurred_at equal the leaf's time text (YYYY-MM-DDTHH:MM:SS.ffffffZ)?
    SQLite gives naive UTC datetimes (or text), PostgreSQL aware ones: one isoformat call covers
    the usual cases, since this runs once per event."""
    if isinstance(stored, dt.datetime):
        text = stored.isoformat(timespec="microseconds")
        if len(text) == 26:  # naive: UTC by Django's convention
            return text == leaf_time[:26] and len(leaf_time) == 27
        if text.endswith("+00:00"):
            return text[:26] == leaf_time[:26] and len(leaf_time) == 27
        utc = stored.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        return utc + "Z" == leaf_time
    if isinstance(stored, str):
        fraction = leaf_time[20:26]
        expected = leaf_time[:10] + " " + leaf_time[11:19]
        return stored == (expected if fraction == "000000" else expected + "." + fraction)
    return False


class _Heads:
    """Signed tree heads in size order, checked as the recomputed tree reaches each size."""

    def __init__(self, vkey: str, against: Sequence[Checkpoint] = ()) -> None:
        self.rows = list(
            TreeHead.objects.order_by("tree_size").values_list(
                "tree_size", "root_hash", "timestamp_ms", "checkpoint"
            )
        )
        self.vkey = vkey
        self.position = 0
        # Checkpoints held outside (verify --against): this log must have the same root there.
        self.outside = {c.tree_size: c.root_hash for c in against}

    def check_signatures(self) -> None:
        for size, root, timestamp, note in self.rows:
            try:
                checkpoint = parse_and_verify(note, self.vkey)
            except CheckpointError as exc:
                raise LedgerBroken(f"tree head at size {size}: {exc}") from exc
            if (checkpoint.tree_size, checkpoint.root_hash, checkpoint.timestamp_ms) != (
                size,
                bytes(root),
                timestamp,
            ):
                raise LedgerBroken(
                    f"tree head at size {size}: its stored fields differ from its signed checkpoint"
                )

    def reached(self, size: int, compact: merkle.CompactRange) -> None:
        if size in self.outside and compact.root() != self.outside[size]:
            raise LedgerBroken(
                f"the outside checkpoint of size {size} has another root than this log at that "
                "size: the log was forked (its history rewritten) after that checkpoint was made"
            )
        while self.position < len(self.rows) and self.rows[self.position][0] == size:
            if compact.root() != bytes(self.rows[self.position][1]):
                raise LedgerBroken(
                    f"tree head at size {size}: root does not match the leaves "
                    "(an event in the log was altered, removed, inserted or reordered)"
                )
            self.position += 1

    def finish(self, total_leaves: int) -> None:
        beyond = [size for size in self.outside if size > total_leaves]
        if beyond:
            raise LedgerBroken(
                f"the outside checkpoint has size {max(beyond)}, but this log has only "
                f"{total_leaves} leaves: the log was rolled back"
            )
        if self.position < len(self.rows):
            size = self.rows[self.position][0]
            raise LedgerBroken(f"tree head at size {size}: the log has only {total_leaves} leaves")


def _check_event(row: tuple, last: dict[str, tuple[int, str]]) -> bytes:
    """Check one event against its chain; return its Merkle leaf hash. (Hot: runs per event.)"""
    _, case_ref, seq, kind, actor, occurred_at, prev_hash, stored_hash, leaf = row
    raw = leaf.encode("utf-8")
    parts = leaf.split("\n", 7)
    previous = last.get(case_ref)
    expected_seq, expected_prev = (previous[0] + 1, previous[1]) if previous else (1, GENESIS_HASH)
    if (
        _sha256(raw).hexdigest() != stored_hash
        or len(parts) != 8
        or parts[0] != MAGIC
        or parts[1] != case_ref
        or parts[2] != str(seq)
        or parts[3] != prev_hash
        or parts[4] != kind
        or parts[5] != actor
        or seq != expected_seq
        or prev_hash != expected_prev
        or not _stored_time_matches(occurred_at, parts[6])
    ):
        _explain(row, parts, raw, expected_seq, expected_prev)
    last[case_ref] = (seq, stored_hash)
    return _sha256(b"\x00" + raw).digest()


def _explain(
    row: tuple, parts: list[str], raw: bytes, expected_seq: int, expected_prev: str
) -> None:
    """Name the first thing wrong with an event that failed the fast check."""
    _, case_ref, seq, kind, actor, occurred_at, prev_hash, stored_hash, _leaf = row
    where = f"case {case_ref} event #{seq}"
    if _sha256(raw).hexdigest() != stored_hash:
        raise LedgerBroken(f"{where}: its content does not match its hash (altered)")
    if len(parts) != 8 or parts[0] != MAGIC:
        raise LedgerBroken(f"{where}: not a valid leaf")
    if parts[1] != case_ref or parts[2] != str(seq) or parts[4] != kind or parts[5] != actor:
        raise LedgerBroken(f"{where}: its columns differ from its hashed content (altered)")
    if not _stored_time_matches(occurred_at, parts[6]):
        raise LedgerBroken(f"{where}: its time column differs from its hashed content (altered)")
    if parts[3] != prev_hash:
        raise LedgerBroken(
            f"{where}: its previous-hash column differs from its hashed content (altered)"
        )
    if seq != expected_seq:
        what = "missing (deleted)" if seq > expected_seq else "duplicated or out of order"
        raise LedgerBroken(f"{where}: expected event #{expected_seq} here; an event is {what}")
    raise LedgerBroken(
        f"{where}: hash chain broken: it does not follow event #{seq - 1} (inserted, reordered or "
        "altered)"
    )


def verify_ledger(
    against: Sequence[Checkpoint] = (), *, projections: bool = False
) -> VerificationReport:
    """Verify everything; ``against``: checkpoints held outside (already checked to carry this
    log's signature) that the log must still contain. A stop on signing after a witness showed
    a rollback or fork fails verification too, whatever the tables say now. ``projections``:
    then replay every case's events and compare them with the stored records pages and the
    sweep read (``ledger.projection_checks``), fed the events in this pass as it checks them
    (reported only if the ledger itself holds)."""
    report = VerificationReport()
    streams = start_all() if projections else []
    try:
        halt = active_halt()
        if halt is not None:
            raise LedgerBroken(describe(halt))
        _verify(report, against, streams)
        _check_cosignatures(report)
        for check in _RECORD_CHECKS:
            check()
    except LedgerBroken as exc:
        report.ok = False
        report.problem = str(exc)
    if projections and report.ok:
        found = merged([stream.report() for stream in streams])
        report.projections_checked = True
        report.projection_cases, report.projection_deadlines = found.cases, found.deadlines
        report.mismatches = found.mismatches
        report.warnings += found.notes
        report.ok = not found.mismatches
    return report


def _check_cosignatures(report: VerificationReport) -> None:
    """Every stored cosignature of a configured witness verifies over its head's signed text."""
    keys = {spec.name: key for spec, key in configured()}
    rows = WitnessCosignature.objects.select_related("tree_head").order_by("tree_head__tree_size")
    for row in rows:
        key = keys.get(row.witness)
        if key is None:
            continue  # a witness no longer configured: its key is not trusted here
        try:
            text, _ = split_note(row.tree_head.checkpoint)
            cosignature_time(text, parse_signature_line(row.line.rstrip("\n")), key)
        except NoteError as exc:
            raise LedgerBroken(
                f"tree head at size {row.tree_head.tree_size}: stored cosignature of "
                f"{row.witness}: {exc}"
            ) from exc
    head = latest_witnessed_head()
    report.witnessed_size = None if head is None else head.tree_size


class _LeafStream:
    """Leaves in index order, read alongside the events (a merge, not a join: cheaper)."""

    def __init__(self, cursor: CursorWrapper) -> None:
        self.cursor = cursor
        self.buffer: list[tuple[int, int]] = []
        self.position = 0
        self.current: tuple[int, int] | None = None
        self.advance()

    def advance(self) -> None:
        if self.position >= len(self.buffer):
            self.buffer = self.cursor.fetchmany(FETCH)
            self.position = 0
            if not self.buffer:
                self.current = None
                return
        self.current = self.buffer[self.position]
        self.position += 1


def _feed(
    leaves: _LeafStream, index: int, compact: merkle.CompactRange, heads: _Heads, leaf_hash: bytes
) -> None:
    """Add the leaf at ``index`` (the stream's current one) to the tree."""
    if index != compact.size:
        raise LedgerBroken(
            f"leaf {compact.size} is missing"
            if index > compact.size
            else f"leaf {index} is used twice"
        )
    compact.append(leaf_hash)
    heads.reached(compact.size, compact)
    leaves.advance()


def _verify(
    report: VerificationReport,
    against: Sequence[Checkpoint],
    streams: Sequence[ProjectionStream] = (),
) -> None:
    heads = _Heads(verifier_key(), against)
    heads.check_signatures()
    report.tree_heads = len(heads.rows)
    last: dict[str, tuple[int, str]] = {}
    compact = merkle.CompactRange()
    waiting: dict[int, bytes] = {}  # events read whose leaf comes later in the log, or never
    heads.reached(0, compact)
    with transaction.atomic():
        events = connection.chunked_cursor()
        events.execute(
            "SELECT id, case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf "
            "FROM ledger_event ORDER BY id"
        )
        leaf_cursor = connection.chunked_cursor()
        leaf_cursor.execute('SELECT "index", event_id FROM ledger_leaf ORDER BY "index"')
        leaves = _LeafStream(leaf_cursor)
        while rows := events.fetchmany(FETCH):
            for row in rows:
                leaf_hash = _check_event(row, last)
                event_id = row[0]
                current = leaves.current
                if current is not None and current[1] == event_id:
                    _feed(leaves, current[0], compact, heads, leaf_hash)
                    # Leaves of events read earlier (late commits) may follow.
                    while (late := leaves.current) is not None and late[1] in waiting:
                        _feed(leaves, late[0], compact, heads, waiting.pop(late[1]))
                else:
                    if current is not None and current[1] < event_id and current[1] not in waiting:
                        raise LedgerBroken(
                            f"leaf {current[0]} points to no event (deleted) or to one already in "
                            "the log"
                        )
                    waiting[event_id] = leaf_hash
            report.events += len(rows)
            for stream in streams:  # the projection checks, on events the ledger has checked
                stream.feed(rows)
        while (late := leaves.current) is not None and late[1] in waiting:
            _feed(leaves, late[0], compact, heads, waiting.pop(late[1]))
        if leaves.current is not None:
            raise LedgerBroken(
                f"leaf {leaves.current[0]} points to no event (deleted) or to one already in the "
                "log"
            )
        events.close()
        leaf_cursor.close()
        for stream in streams:
            stream.end_of_events()
    report.unsequenced = len(waiting)
    heads.finish(compact.size)
    report.cases = len(last)
    report.leaves = compact.size
