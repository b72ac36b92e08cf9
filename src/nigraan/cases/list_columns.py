"""The case row's list columns: what the staff lists and the province summary count, kept on the
case row so that a count reads one index instead of probing every case's deadlines and searching
its accused list (docs/performance.md, "The summary's counts from the case row").

They are derived, never entered: from the case's deadline rows and its accused list, both
projections themselves. ``refresh`` is the one writer (called by the commands after every change
to a case's deadlines or accused, in the same transaction), and ``nigraan ledger verify`` derives
them again from the checked rows and compares (``projection_replay.compare_replayed``):

- ``next_due_at``: the earliest due time of the case's unmet deadlines (not met, not stopped),
  or none. "Overdue" is an open case whose ``next_due_at`` has passed: the clock alone moves it,
  so the column holds the time, never the answer.
- ``escalated``: some unmet deadline was escalated (its level above 0).
- ``accused_released``: some accused person's custody is bailed or released.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from nigraan.cases.models import Case, Deadline
from nigraan.cases.vocabulary import RELEASES

COLUMNS = ("next_due_at", "escalated", "accused_released")


class ListColumns(NamedTuple):
    next_due_at: dt.datetime | None
    escalated: bool
    accused_released: bool


def derive(
    deadlines: Iterable[tuple[dt.datetime, dt.datetime | None, bool, int]],
    accused: Sequence[Any],
) -> ListColumns:
    """The list columns from a case's deadlines, each as (due_at, met_at, stopped, level), and its
    accused list (``Case.accused``)."""
    due: dt.datetime | None = None
    escalated = False
    for due_at, met_at, stopped, level in deadlines:
        if met_at is not None or stopped:
            continue
        if due is None or due_at < due:
            due = due_at
        escalated = escalated or level > 0
    released = any(
        isinstance(person, dict) and person.get("custody") in RELEASES for person in accused
    )
    return ListColumns(due, escalated, released)


def stored(case: Case) -> ListColumns:
    return ListColumns(case.next_due_at, case.escalated, case.accused_released)


def refresh(case: Case) -> None:
    """Bring ``case``'s list columns in line with its deadline rows and accused list (the
    caller's transaction holds the case's lock). Written only when they change."""
    rows = Deadline.objects.filter(case_id=case.pk).values_list(
        "due_at", "met_at", "stopped", "level"
    )
    wanted = derive(rows, case.accused)
    if stored(case) == wanted:
        return
    for name, value in zip(COLUMNS, wanted, strict=True):
        setattr(case, name, value)
    Case.objects.filter(pk=case.pk).update(**wanted._asdict())
