"""The full projection check in the ledger's own pass: ``nigraan ledger verify`` hands each batch
of events it has checked, in log order, to a ``CaseStream``, so the events are read, split and
decoded once for both checks (docs/ledger.md, 'Projections').

In log order the cases' events are interleaved: each case's replay (``deadlines.CaseReplay``) is
kept from its first event until it has as many events as its stored row says (``last_seq``), and
compared then and let go; its stored rows are read a batch of new cases at a time. A case whose
row names fewer events than the ledger holds, or more, is taken as differing. Every case found
differing is compared again from scratch under its lock (``projection_replay.confirm``), which
names the first difference, exactly as a check of that one case would.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from nigraan.cases import events as ev
from nigraan.cases.deadline_plan import PlaceCache
from nigraan.cases.deadlines import CaseReplay
from nigraan.cases.list_columns import ListColumns
from nigraan.cases.projection import CaseState
from nigraan.cases.projection_compare import StoredDeadline
from nigraan.cases.projection_replay import (
    REPLAY_REFUSED,
    compare_replayed,
    confirm,
    leaf_time,
    no_cycle_collection,
    rows_without_events,
    stored_rows,
)
from nigraan.cases.rules import current_rules
from nigraan.ledger.encoding import MAGIC, LeafFormatError
from nigraan.ledger.projection_checks import ProjectionReport
from nigraan.ledger.verify import record_chains

BATCH = 1000  # new cases whose stored rows are read at once
FETCH = 20_000


class _Running(CaseReplay):
    """A case being replayed, with its stored rows once they are read."""

    __slots__ = ("stored", "deadlines", "listed", "target")

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.stored: CaseState | None = None
        self.deadlines: list[StoredDeadline] = []
        self.listed: ListColumns | None = None
        self.target = -1  # the stored row's last_seq: compared when the replay reaches it


class CaseStream:
    """Every case's events, fed in log order (``feed``), compared with the stored rows."""

    def __init__(self) -> None:
        self.rules = current_rules()
        self.places: PlaceCache = {}
        self.running: dict[str, _Running] = {}
        self.unread: list[str] = []  # cases seen whose stored rows are not read yet
        self.done: set[str] = set()  # cases compared (or found differing) and let go
        self.differing: set[str] = set()
        self.other_rules: list[str] = []
        self.other_rules_count = 0
        self.other_rules_example = ""
        self.found = ProjectionReport()
        self.lonely: list[str] = []
        self.not_cases = record_chains()  # e.g. the figures releases' chain: its own check

    def feed(self, rows: Sequence[tuple]) -> None:
        """Events in log order: rows whose second field is the case reference and whose last is
        the leaf (the ledger pass's rows; each case's events in chain order)."""
        running, not_cases, decode = self.running, self.not_cases, ev.decode_event_json
        with no_cycle_collection():
            for row in rows:
                ref = row[1]
                run = running.get(ref)
                if run is None:
                    if ref in not_cases:
                        continue
                    if ref in self.done:  # more events than its stored row names
                        self.differing.add(ref)
                        continue
                    run = running[ref] = _Running(ref)
                    self.unread.append(ref)
                    if len(self.unread) >= BATCH:
                        self._read_stored()
                try:
                    parts = row[-1].split("\n")
                    if len(parts) != 8 or parts[0] != MAGIC:
                        raise LeafFormatError("not a nigraan-event/v1 leaf")
                    seq = int(parts[2])
                    run.step(seq, leaf_time(parts[6]), decode(parts[4], parts[7]))
                except REPLAY_REFUSED:
                    self._let_go(run, differs=True)
                    continue
                if seq == run.target:
                    self._settle(run)

    def _read_stored(self) -> None:
        refs, self.unread = self.unread, []
        states, deadlines, listed = stored_rows(refs)
        found = self.found
        for ref in refs:
            rows = deadlines.get(ref, [])
            found.deadlines += len(rows)
            run = self.running.get(ref)
            if run is None:
                continue  # let go already: its events cannot be replayed
            stored = states.get(ref)
            if stored is None:
                self._let_go(run, differs=True)
                continue
            run.stored, run.deadlines, run.target = stored, rows, stored.last_seq
            run.listed = listed[ref]
            if run.state is not None and run.state.last_seq == run.target:
                self._settle(run)
        found.cases += len(refs)
        found.checked += refs

    def _settle(self, run: _Running) -> None:
        """The case has as many events as its stored row says (or the ledger has no more):
        compare it now."""
        if run.stored is None or run.listed is None:
            self._let_go(run, differs=True)
            return
        different = compare_replayed(
            run, run.stored, run.deadlines, run.listed, self.rules, self.other_rules, self.places
        )
        self._let_go(run, differs=different is not None)
        if self.other_rules:
            self.other_rules_count += len(self.other_rules)
            self.other_rules_example = self.other_rules_example or self.other_rules[0]
            self.other_rules.clear()

    def _let_go(self, run: _Running, *, differs: bool) -> None:
        del self.running[run.ref]
        self.done.add(run.ref)
        if differs:
            self.differing.add(run.ref)

    def end_of_events(self) -> None:
        """Every event was fed: compare the cases whose stored row names more events than the
        ledger holds (they differ) and find the stored rows that have no events."""
        with no_cycle_collection():
            if self.unread:
                self._read_stored()
            for run in list(self.running.values()):
                self._settle(run)
        self.lonely = rows_without_events()

    def report(self) -> ProjectionReport:
        """Each case found differing, compared again under its lock (outside the pass's
        transaction), in reference order; then the stored rows without events."""
        found = self.found
        found.cases += len(self.lonely)
        found.checked += self.lonely
        for ref in [*sorted(self.differing), *self.lonely]:
            mismatch = confirm(ref, self.rules)
            if mismatch is not None:
                found.mismatches.append(mismatch)
        if self.other_rules_count:
            found.notes.append(
                f"{self.other_rules_count} deadline row(s) made under other deadline rules than "
                "those in force: level compared, times not "
                f"(e.g. {self.other_rules_example})"
            )
        return found


def check_everything() -> ProjectionReport:
    """The full check on its own (without the ledger's pass): every event read in case order
    and fed to a ``CaseStream``."""
    stream = CaseStream()
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        cursor.execute("SELECT id, case_ref, leaf FROM ledger_event ORDER BY case_ref, seq")
        while rows := cursor.fetchmany(FETCH):
            stream.feed(rows)
        cursor.close()
        stream.end_of_events()
    return stream.report()
