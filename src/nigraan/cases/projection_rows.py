"""Stored projection rows as the projection check reads them: one SELECT of case rows and one of
their deadline rows, with the driver's raw values converted here (Django's per-value converters
cost more than the whole replay: the check reads every case row and deadline row)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

import msgspec

from nigraan.cases.list_columns import COLUMNS as LIST_COLUMNS
from nigraan.cases.list_columns import ListColumns
from nigraan.cases.projection import CaseState
from nigraan.cases.projection_compare import CASE_COLUMNS, StoredDeadline


def _moment(value: object) -> dt.datetime | None:
    """A stored time as Django gives it (aware, UTC), from its naive UTC text (``_time_column``)
    or a driver's value."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) <= 26:  # naive UTC text: one parse, offset included
            return dt.datetime.fromisoformat(value + "+00:00")
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a time: {type(value).__name__}")
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _json(value: object) -> Any:
    """A JSON column read as text (``_json_column``), decoded here as ``json.loads`` would (a
    driver's decoded value is kept)."""
    return msgspec.json.decode(value) if isinstance(value, str) else value


def case_state(row: tuple) -> CaseState:
    """A raw row of the case query (``queries``: the case's id, then CASE_COLUMNS) as the stored
    projection, ``projection.state_of`` would give it. Made without the frozen dataclass's
    per-field ``__init__``: the check makes one for every case."""
    values = list(row[1:_CASE_END])
    for index in _CASE_TIMES:
        values[index] = _moment(values[index])
    for index in _CASE_DICTS:
        value = values[index]
        values[index] = {} if value == "{}" else dict(_json(value))
    for index in _CASE_LISTS:
        value = values[index]
        values[index] = () if value == "[]" else tuple(_json(value))
    for index in _CASE_BOOLS:
        values[index] = bool(values[index])
    state = object.__new__(CaseState)
    state.__dict__.update(zip(_STATE_FIELDS, values, strict=True))
    return state


def stored_list_columns(row: tuple) -> ListColumns:
    """The case row's list columns (``list_columns``), read after CASE_COLUMNS."""
    due, escalated, released = row[_CASE_END:]
    return ListColumns(_moment(due), bool(escalated), bool(released))


def deadline(row: tuple) -> StoredDeadline:
    """A raw row of the deadline query (``queries``: the case's id, then StoredDeadline's
    fields). Its times are naive UTC text as the query gives them (one parse each, offset
    included); any other value goes through ``_moment``."""
    (_, rule_id, subject, rules_version, started, due, met, stopped, level, next_at) = row
    try:
        times = [
            None if v is None else _utc_text(v + "+00:00") for v in (started, due, met, next_at)
        ]
    except (TypeError, ValueError):
        times = [_moment(v) for v in (started, due, met, next_at)]
    return StoredDeadline._make(
        (rule_id, subject, rules_version, *times[:3], bool(stopped), level, times[3])
    )


_utc_text = dt.datetime.fromisoformat
# Read with the driver's values and converted here: Django's per-value converters cost more
# than the whole replay (the check reads every case row and deadline row).
_CASE_END = 1 + len(CASE_COLUMNS)  # the row: id, CASE_COLUMNS, then the list columns
_CASE_TIMES = (CASE_COLUMNS.index("opened_at"), CASE_COLUMNS.index("updated_at"))
_CASE_DICTS = tuple(CASE_COLUMNS.index(name) for name in ("protected", "report", "court"))
_CASE_LISTS = tuple(CASE_COLUMNS.index(name) for name in ("accused", "charges", "referrals"))
_CASE_JSON = frozenset(_CASE_DICTS + _CASE_LISTS)
# CaseState's fields, in CASE_COLUMNS's order (an honest case would differ in every test if not).
_STATE_FIELDS = tuple(spec.name for spec in dataclasses.fields(CaseState))
_CASE_BOOLS = tuple(
    CASE_COLUMNS.index(name)
    for name in (
        "is_open",
        "flagged_for_oversight",
        "legal_basis_recorded",
        "had_fir",
        "is_shredded",
    )
)
_DEADLINE_TIMES = frozenset({"started_at", "due_at", "met_at", "next_escalation_at"})
_JOIN = "cases_case c LEFT JOIN accounts_staff s ON s.id = c.owner_id"


def _time_column(column: str, vendor: str) -> str:
    """Times as their UTC text, parsed by ``_moment``'s ``fromisoformat``: Django's converters
    (a regular expression per value on SQLite; a Python loader per value, then a time zone set,
    on PostgreSQL) cost several times more."""
    if vendor == "postgresql":
        return f"({column} AT TIME ZONE 'UTC')::text"
    return f"CAST({column} AS TEXT)"


def _json_column(column: str, vendor: str) -> str:
    """JSON columns as text, decoded by ``_json`` (msgspec) on every database."""
    return f"{column}::text" if vendor == "postgresql" else column


def members(vendor: str, values: Sequence[str] | Sequence[int]) -> tuple[str, list[Any]]:
    """``IN (%s, …)`` and its parameters; on PostgreSQL ``= ANY(%s)`` with one array (the driver
    binds parameters in the client: one mark instead of a thousand to find and fill)."""
    if vendor == "postgresql":
        return "= ANY(%s)", [list(values)]
    return f"IN ({', '.join(['%s'] * len(values))})", list(values)


@functools.cache
def queries(vendor: str) -> tuple[str, str]:
    """The SELECTs of case rows (by ref) and of their deadline rows (by case id). Column names
    are this module's constants; refs and ids go as parameters ({} takes ``members``'s
    condition)."""
    columns = []
    for index, name in enumerate(CASE_COLUMNS):
        column = "s.username" if name == "owner__username" else f"c.{name}"
        if index in _CASE_TIMES:
            column = _time_column(column, vendor)
        elif index in _CASE_JSON:
            column = _json_column(column, vendor)
        columns.append(column)
    columns.append(_time_column("c.next_due_at", vendor))
    columns += [f"c.{name}" for name in LIST_COLUMNS[1:]]
    cases = f"SELECT c.id, {', '.join(columns)} FROM {_JOIN} WHERE c.ref {{}}"  # noqa: S608
    wanted = (
        _time_column(name, vendor) if name in _DEADLINE_TIMES else name
        for name in StoredDeadline._fields
    )
    deadlines = f"SELECT case_id, {', '.join(wanted)} FROM cases_deadline WHERE case_id {{}}"  # noqa: S608
    return cases, deadlines
