"""Checks of the stored projections (the tables pages and the sweep read) against the ledger.

The ledger knows nothing of what its events mean, so the app that projects them registers a
check here (``register``, from its AppConfig.ready()); ``nigraan ledger verify``, the worker's
re-check and ``nigraan ledger repair`` reach it through this registry. That keeps the arrow one
way: cases imports ledger, never the reverse.

A mismatch names the case, the table, the field, and the stored and replayed values, except for
values that are protected or free text: those it names and says only that they differ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Mismatch:
    """The first place where a case's stored projection differs from its replayed events."""

    case_ref: str
    table: str
    field: str
    stored: str  # shown text: a code or number, or "" when the value must not be shown
    replayed: str
    shown: bool = True  # False: a protected or free-text value, named but never printed
    digest: str = ""  # of the real values, so two different tamperings are two alarms

    @property
    def fingerprint(self) -> str:
        text = f"{self.table}\x00{self.field}\x00{self.stored}\x00{self.replayed}\x00{self.digest}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def __str__(self) -> str:
        where = f"case {self.case_ref}: table {self.table}, field {self.field}"
        if not self.shown:
            return f"{where}: the stored value differs from the one replayed from the ledger"
        return f"{where}: stored {self.stored}, replayed from the ledger {self.replayed}"


@dataclass
class ProjectionReport:
    """What one run of a check found: how many cases it compared, the first mismatch of each
    case that differs, and notes for the auditor (what was not compared, and why)."""

    cases: int = 0
    deadlines: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # refs compared (worker re-checks only)


class ProjectionStream(Protocol):
    """A full check fed the events in the ledger's own pass (``verify``), so they are read once
    for both checks."""

    def feed(self, rows: Sequence[tuple]) -> None:
        """The next events in log order, already checked by the ledger: the rows of its pass
        (``id, case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf``)."""
        ...

    def end_of_events(self) -> None:
        """Every event was fed (still inside the pass's transaction)."""
        ...

    def report(self) -> ProjectionReport:
        """What the check found (after the pass's transaction)."""
        ...


class ProjectionCheck(Protocol):
    """What an app that projects events offers the ledger."""

    name: str

    def check(self, refs: Sequence[str] | None) -> ProjectionReport:
        """Compare these cases (None: every case, and every event's case) with their events."""
        ...

    def stream(self) -> ProjectionStream:
        """A check of every case (as ``check(None)``) fed by the ledger's pass."""
        ...

    def due_for_recheck(self, now: dt.datetime) -> list[str]:
        """The cases the worker re-checks now: recently changed ones and a rolling share."""
        ...

    def repair(self, ref: str, *, by: str, reason: str) -> list[str]:
        """Rebuild the case's projections from its events, as an event recorded by ``by`` (an
        administrator); return what differed before the repair."""
        ...


_CHECKS: dict[str, ProjectionCheck] = {}


def register(check: ProjectionCheck) -> None:
    """Add a check (again under the same name: replaced, so ready() may run twice)."""
    _CHECKS[check.name] = check


def registered() -> list[ProjectionCheck]:
    return list(_CHECKS.values())


class NoProjectionCheck(LookupError):
    """No app registered a projection check (nothing to compare, or to repair with)."""


def start_all() -> list[ProjectionStream]:
    """A full check of every registered kind, to be fed the ledger's pass."""
    return [check.stream() for check in registered()]


def merged(reports: Sequence[ProjectionReport]) -> ProjectionReport:
    """The reports of several checks as one."""
    total = ProjectionReport()
    for report in reports:
        total.cases += report.cases
        total.deadlines += report.deadlines
        total.mismatches += report.mismatches
        total.notes += report.notes
    return total


def repair(ref: str, *, by: str, reason: str) -> list[str]:
    checks = registered()
    if not checks:
        raise NoProjectionCheck("no projection check is registered")
    repaired: list[str] = []
    for check in checks:
        repaired += check.repair(ref, by=by, reason=reason)
    return repaired
