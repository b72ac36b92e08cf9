"""Comparing what is stored (a case row, its deadline rows) with what the case's events replay
to, naming the first difference: table, field, stored and replayed value.

Values that are protected (sealed names, notes), free text or report facts are never shown: the
difference names the field and says it differs. Codes, numbers, times and staff usernames are
shown, because an auditor needs them to see what was done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from msgspec import UNSET

from nigraan.cases import events as ev
from nigraan.cases.deadline_plan import DeadlineKey, DeadlinePlan, ExpectedDeadline
from nigraan.cases.deadlines import Happened
from nigraan.cases.list_columns import COLUMNS as LIST_COLUMNS
from nigraan.cases.list_columns import ListColumns, derive
from nigraan.cases.projection import CaseState
from nigraan.ledger.projection_checks import Mismatch

CASE_TABLE = "cases_case"
DEADLINE_TABLE = "cases_deadline"
# CaseState's names for the Case model's fields where they differ.
COLUMN = {"flagged": "flagged_for_oversight"}
# Fields whose values may be printed; the others (protected, report, court) are only named.
SHOWN = frozenset(
    {
        "ref",
        "channel",
        "category",
        "stage",
        "is_open",
        "province",
        "district",
        "victim_age_band",
        "victim_gender",
        "owner",
        "opened_at",
        "updated_at",
        "note_count",
        "flagged",
        "had_fir",
        "is_shredded",
        "last_seq",
    }
)
LISTS = frozenset({"accused", "charges", "referrals"})
# Keys of accused people, charges and referrals that are codes, numbers or days.
SHOWN_ITEM_KEYS = frozenset(
    {"number", "relation", "custody", "since", "accused", "offence", "service", "kind", "status"}
)


class StoredDeadline(NamedTuple):
    """The columns of a deadline row the check compares (read as values: cheaper than models)."""

    rule_id: str
    subject: str
    rules_version: str
    started_at: dt.datetime
    due_at: dt.datetime
    met_at: dt.datetime | None
    stopped: bool
    level: int
    next_escalation_at: dt.datetime | None


# The Case model's columns, in CaseState's order (owner by username).
CASE_COLUMNS = (
    "ref",
    "channel",
    "category",
    "stage",
    "is_open",
    "province_id",
    "district_id",
    "victim_age_band",
    "victim_gender",
    "owner__username",
    "opened_at",
    "updated_at",
    "protected",
    "report",
    "note_count",
    "accused",
    "charges",
    "flagged_for_oversight",
    "referrals",
    "court",
    "legal_basis_recorded",
    "had_fir",
    "is_shredded",
    "last_seq",
)


def show(value: Any) -> str:
    if value is None:
        return "nothing (NULL)"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _digest(stored: Any, replayed: Any) -> str:
    return hashlib.sha256(repr((stored, replayed)).encode("utf-8")).hexdigest()[:16]


def _mismatch(
    ref: str, table: str, name: str, stored: Any, replayed: Any, *, shown: bool = True
) -> Mismatch:
    return Mismatch(
        case_ref=ref,
        table=table,
        field=name,
        stored=show(stored) if shown else "",
        replayed=show(replayed) if shown else "",
        shown=shown,
        digest=_digest(stored, replayed),
    )


def _first_key(stored: dict, replayed: dict) -> str:
    return next(k for k in sorted(set(stored) | set(replayed)) if stored.get(k) != replayed.get(k))


def _list_difference(ref: str, name: str, stored: tuple, replayed: tuple) -> Mismatch:
    for index, (kept, wanted) in enumerate(zip(stored, replayed, strict=False)):
        if kept != wanted:
            if not isinstance(kept, dict) or not isinstance(wanted, dict):
                return _mismatch(ref, CASE_TABLE, f"{name}[{index}]", kept, wanted, shown=False)
            key = _first_key(kept, wanted)
            return _mismatch(
                ref,
                CASE_TABLE,
                f"{name}[{index}].{key}",
                kept.get(key),
                wanted.get(key),
                shown=key in SHOWN_ITEM_KEYS,
            )
    return _mismatch(ref, CASE_TABLE, f"{name} (entries)", len(stored), len(replayed))


def compare_case_row(stored: CaseState, replayed: CaseState) -> Mismatch | None:
    """The first field of the case row that differs from the replayed state, or None."""
    if stored.__dict__ == replayed.__dict__:  # the usual case: one comparison in C
        return None
    ref = replayed.ref
    for spec in dataclasses.fields(CaseState):
        kept, wanted = getattr(stored, spec.name), getattr(replayed, spec.name)
        if kept == wanted:
            continue
        name = COLUMN.get(spec.name, spec.name)
        if spec.name in LISTS:
            return _list_difference(ref, name, tuple(kept), tuple(wanted))
        if isinstance(kept, dict) and isinstance(wanted, dict):
            key = _first_key(kept, wanted)
            kept, wanted = kept.get(key), wanted.get(key)
            return _mismatch(ref, CASE_TABLE, f"{name}.{key}", kept, wanted, shown=False)
        return _mismatch(ref, CASE_TABLE, name, kept, wanted, shown=spec.name in SHOWN)
    return None


def compare_list_columns(
    ref: str, listed: ListColumns, deadlines: list[StoredDeadline], accused: tuple
) -> Mismatch | None:
    """The first list column (``list_columns``) that differs from what the case's (checked)
    deadline rows and accused list give, or None."""
    wanted = derive(((d.due_at, d.met_at, d.stopped, d.level) for d in deadlines), accused)
    if listed == wanted:
        return None
    name = next(
        n for n, kept, want in zip(LIST_COLUMNS, listed, wanted, strict=True) if kept != want
    )
    return _mismatch(ref, CASE_TABLE, name, getattr(listed, name), getattr(wanted, name))


def escalations_in(history: Iterable[Happened]) -> Counter[DeadlineKey]:
    """How many times each deadline (rule, accused person) was escalated, from the events."""
    counted: Counter[DeadlineKey] = Counter()
    for recorded in history:
        event = recorded.event
        if isinstance(event, ev.DeadlineEscalated):
            subject = "" if event.accused is UNSET else str(event.accused)
            counted[(event.deadline, subject)] += 1
    return counted


def _label(key: DeadlineKey) -> str:
    rule_id, subject = key
    return f"{rule_id} (accused #{subject})" if subject else rule_id


TIMED_FIELDS = ("started_at", "due_at", "met_at", "stopped", "next_escalation_at")
# ``_running_differs`` compares them by position first: the two tuples must keep them there.
if (
    StoredDeadline._fields[3:7] + StoredDeadline._fields[8:9] != TIMED_FIELDS
    or ExpectedDeadline._fields[:4] + ExpectedDeadline._fields[5:6] != TIMED_FIELDS
):
    raise RuntimeError("StoredDeadline or ExpectedDeadline fields moved: update _running_differs")


def compare_deadlines(
    ref: str, rows: list[StoredDeadline], plan: DeadlinePlan, stamp: str, other_rules: list[str]
) -> Mismatch | None:
    """The first deadline row that differs from the plan, or None. Rows made under other rules
    than those in force are compared for their level only (their times follow the rules of
    their day until the case's next event recomputes them); their keys go to ``other_rules``."""
    stored = {(row.rule_id, row.subject): row for row in rows}
    for key, wanted in plan.running.items():
        found = _running_differs(ref, key, stored.get(key), wanted, stamp, other_rules)
        if found is not None:
            return found
    for key, row in stored.items():
        if key not in plan.running:
            found = _idle_differs(ref, key, row, plan)
            if found is not None:
                return found
    return None


def _differs(ref: str, key: DeadlineKey, name: str, kept: Any, wanted: Any) -> Mismatch:
    return _mismatch(ref, DEADLINE_TABLE, f"{_label(key)}.{name}", kept, wanted)


def _running_differs(
    ref: str,
    key: DeadlineKey,
    row: StoredDeadline | None,
    wanted: ExpectedDeadline,
    stamp: str,
    other_rules: list[str],
) -> Mismatch | None:
    """A clock the rules in force say is (or was) running: its row must hold the plan."""
    if row is None:
        return _differs(ref, key, "row", "no row", f"a clock due {show(wanted.due_at)}")
    if row.level != wanted.level:
        return _differs(ref, key, "level", row.level, wanted.level)
    if row.rules_version != stamp:
        other_rules.append(f"{ref} {_label(key)} ({row.rules_version})")
        return None
    if row[3:7] == wanted[:4] and row[8] == wanted[5]:  # TIMED_FIELDS, all equal (the usual)
        return None
    for name in TIMED_FIELDS:
        if getattr(row, name) != getattr(wanted, name):
            return _differs(ref, key, name, getattr(row, name), getattr(wanted, name))
    return None


def _idle_differs(
    ref: str, key: DeadlineKey, row: StoredDeadline, plan: DeadlinePlan
) -> Mismatch | None:
    """A row whose clock never started, or no longer applies, or whose rule is not in force
    here: its level is the escalations made, and an idle one may not run."""
    if row.level != plan.levels[key]:
        return _differs(ref, key, "level", row.level, plan.levels[key])
    if key in plan.idle and row.met_at is None and not row.stopped:
        return _differs(ref, key, "stopped", False, True)
    if key in plan.idle and row.next_escalation_at is not None:
        return _differs(ref, key, "next_escalation_at", row.next_escalation_at, None)
    return None
