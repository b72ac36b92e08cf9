"""The one place the figures code learns what ledger events look like: their kinds, the data keys
it reads, and how the rows are fetched.

Event kinds and data keys are ledger facts (they are inside signed leaves and never change), but
the code that names them is being reorganised (typed event classes): when it moves, only this
module is re-pointed. Everything else in ``nigraan.stats`` asks this module, never
``cases.projection`` or the leaf format directly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.db import connection, transaction

from nigraan.cases import events as _events

OPENED = _events.CaseOpened.kind
ASSIGNED = _events.CaseAssigned.kind
FIELD_CORRECTED = _events.FieldCorrected.kind
STAGE_RECORDED = _events.StageRecorded.kind
DEADLINE_ESCALATED = _events.DeadlineEscalated.kind
ACCUSED_ADDED = _events.AccusedAdded.kind
CUSTODY_CHANGED = _events.CustodyChanged.kind
CHARGE_RECORDED = _events.ChargeRecorded.kind
VERDICT_RECORDED = _events.VerdictRecorded.kind
DATE_CORRECTED = _events.DateCorrected.kind
EVENT_KINDS: tuple[str, ...] = tuple(_events.EVENT_KINDS)
# The ledger chain that records published releases (stats/publish.py): not a case, never counted.
FIGURES_CHAIN = "FIGURES"
# Every chain that is not a case: the figures releases and the press review's (media/review).
NOT_CASES: tuple[str, ...] = (FIGURES_CHAIN, "PRESS")
_NOT_CASES_SQL = ", ".join("%s" for _ in NOT_CASES)

# The data keys figures may read, per kind (figures.yaml's `where` and `values` are checked
# against this list, so a typo is refused when the rules load, not silently counted as nothing).
DATA_KEYS: dict[str, frozenset[str]] = {
    OPENED: frozenset(
        {"channel", "category", "district", "province", "victim_age_band", "victim_gender"}
    ),
    ASSIGNED: frozenset({"owner"}),
    FIELD_CORRECTED: frozenset({"field", "value", "province"}),
    STAGE_RECORDED: frozenset({"stage", "on", "reason_code", "flag"}),
    DEADLINE_ESCALATED: frozenset({"deadline", "level", "to", "accused"}),
    ACCUSED_ADDED: frozenset({"number", "relation", "custody", "since"}),
    CUSTODY_CHANGED: frozenset({"number", "custody", "since"}),
    CHARGE_RECORDED: frozenset({"accused", "offence"}),
    VERDICT_RECORDED: frozenset({"outcome", "accused", "on", "custody", "flag"}),
    DATE_CORRECTED: frozenset({"seq", "on"}),
}
DATA_KINDS_ALL = frozenset(DATA_KEYS)
# Plain case fields a correction may change, and the attribute each one sets.
CORRECTABLE = ("district", "category", "victim_age_band", "victim_gender")
# The day a person gave for a fact, by kind: it wins over the time it was typed when earlier.
GIVEN_DAY_KEY = {STAGE_RECORDED: "on", VERDICT_RECORDED: "on", CUSTODY_CHANGED: "since"}


class LedgerRow(NamedTuple):
    """One ledger event as figures see it. ``data`` is None for kinds whose data is not needed.
    (A named tuple: a release builds hundreds of thousands, and it is the cheapest to build.)"""

    case_ref: str
    seq: int
    kind: str
    occurred_at: dt.datetime
    data: dict[str, Any] | None


FETCH = 20_000
# PostgreSQL would otherwise inline the subquery and parse each opening once per key.
_FENCE = {True: " OFFSET 0", False: ""}
WORK_MEM = "256MB"  # per sort or hash, for the release's few big aggregates (PostgreSQL)


def _leaf_time(leaf: str) -> dt.datetime:
    # Line 7 of a leaf is the time, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (docs/ledger.md).
    return dt.datetime.fromisoformat(leaf.split("\n", 7)[6])  # the "Z" makes it UTC


def _leaf_data(leaf: str) -> dict[str, Any]:
    # Line 8 is canonical JSON; it is the only line that can hold "{".
    return json.loads(leaf[leaf.index("{") :])


def _stamp(moment: dt.datetime) -> Any:
    """A time as the database stores it (naive UTC text on SQLite), for comparisons in SQL."""
    return connection.ops.adapt_datetimefield_value(moment)


def _histories(
    sql: str, params: list, until: dt.datetime, data_kinds: frozenset[str]
) -> Iterator[list[LedgerRow]]:
    cursor = connection.chunked_cursor()
    cursor.execute(sql, params)
    current: list[LedgerRow] = []
    ref = None
    while rows := cursor.fetchmany(FETCH):
        for case_ref, seq, kind, leaf in rows:
            if case_ref != ref:
                if current:
                    yield current
                current, ref = [], case_ref
            at = _leaf_time(leaf)
            if at < until:
                data = _leaf_data(leaf) if kind in data_kinds else None
                current.append(LedgerRow(case_ref, seq, kind, at, data))
    cursor.close()
    if current:
        yield current


def case_histories(
    start: dt.datetime, until: dt.datetime, data_kinds: frozenset[str]
) -> Iterator[list[LedgerRow]]:
    """The history (events recorded before ``until``) of every case with an event recorded in
    [start, until), one case at a time, in chain order. Rows of kinds outside ``data_kinds`` come
    without their data (parsing it is most of the cost). Inside a transaction: a consistent cut.
    """
    sql = (
        "SELECT case_ref, seq, kind, leaf FROM ledger_event WHERE case_ref IN "  # noqa: S608
        "(SELECT case_ref FROM ledger_event WHERE occurred_at >= %s AND occurred_at < %s "
        "AND case_ref NOT IN (" + _NOT_CASES_SQL + ")) ORDER BY case_ref, seq"
    )
    with transaction.atomic():
        with connection.cursor() as settings_cursor:
            _roomy(settings_cursor)
        yield from _histories(sql, [_stamp(start), _stamp(until), *NOT_CASES], until, data_kinds)


def _quiet(until: dt.datetime, activity_kinds: frozenset[str]) -> tuple[str, list[Any]]:
    """SQL for the cases open at ``until``, one row each: the time of their last activity,
    whether a field of theirs was ever corrected, and their opening leaf. A case is closed when
    a stage event recorded before ``until`` says so (canonical JSON: the text
    '"stage":"closed"' can appear in a leaf only as that key and value)."""
    kinds = ", ".join("%s" for _ in activity_kinds)
    sql = (
        "SELECT case_ref, MAX(CASE WHEN kind IN (" + kinds + ") THEN occurred_at END) AS last_at, "
        "MAX(CASE WHEN kind = %s THEN 1 ELSE 0 END) AS corrected, "
        "MAX(CASE WHEN seq = 1 THEN leaf END) AS opening "
        "FROM ledger_event WHERE occurred_at < %s AND case_ref NOT IN ("
        + _NOT_CASES_SQL
        + ") GROUP BY case_ref "
        "HAVING MAX(CASE WHEN kind = %s AND leaf LIKE %s THEN 1 ELSE 0 END) = 0"
    )
    params = [
        *sorted(activity_kinds),
        FIELD_CORRECTED,
        _stamp(until),
        *NOT_CASES,
        STAGE_RECORDED,
    ]
    return sql, [*params, '%"stage":"closed"%']


def _roomy(cursor: Any) -> None:
    """Let PostgreSQL group the ledger by case in memory for this transaction (its default
    work_mem makes it walk the case index instead, several times slower)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def _opening_document() -> str:
    """SQL for a case's opening data (line 8 of its leaf, the only "{"), parsed once."""
    if connection.vendor == "postgresql":
        return "substr(q.opening, strpos(q.opening, '{'))::jsonb"
    return "substr(q.opening, instr(q.opening, '{'))"


def _opening_value(key: str) -> str:
    """SQL reading one key of the opening data selected as ``x.doc``."""
    if key not in DATA_KEYS[OPENED]:
        raise ValueError(f"cases are not opened with {key!r}")
    if connection.vendor == "postgresql":
        return f"x.doc ->> '{key}'"
    return f"json_extract(x.doc, '$.{key}')"


def idle_bands_sql(
    column: str, until: dt.datetime, bands: tuple[tuple[int, str], ...]
) -> tuple[str, list[Any]]:
    """The WHEN clauses naming the idle band of ``column`` (a last activity's time) at ``until``,
    longest band first, and their parameters. A case quiet for exactly a band's days is in that
    band, as the measure's definition says ("30 to 89 days, or 90 days or more"): hence ``<=``,
    here and in ``idle_edge``, for both the ledger's and the read model's count."""
    longest_first = sorted(bands, reverse=True)
    params: list[Any] = []
    for days, label in longest_first:
        params += [_stamp(until - dt.timedelta(days=days)), label]
    return " ".join(f"WHEN {column} <= %s THEN %s" for _ in longest_first), params


def idle_edge(until: dt.datetime, bands: tuple[tuple[int, str], ...]) -> Any:
    """The latest last activity that is idle at ``until`` (compare with ``<=``)."""
    return _stamp(until - dt.timedelta(days=min(bands)[0]))


def idle_groups(
    until: dt.datetime,
    activity_kinds: frozenset[str],
    bands: tuple[tuple[int, str], ...],
    keys: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """Cases open at ``until`` whose quiet time reaches a band (days, label; ``idle_bands_sql``),
    counted by the
    database in one pass: rows of (case reference or None, district, province, the opening's
    ``keys``..., band label, count). Cases never corrected are grouped (reference None); a
    corrected case comes alone with its reference, for the caller to read its corrections."""
    quiet, quiet_params = _quiet(until, activity_kinds)
    whens, band_params = idle_bands_sql("x.last_at", until, bands)
    band = f"CASE {whens} END"
    columns = ("district", "province", *keys)
    values = ", ".join(_opening_value(key) for key in columns)
    positions = ", ".join(str(n) for n in range(1, len(columns) + 3))
    fence = _FENCE[connection.vendor == "postgresql"]
    sql = (
        f"SELECT x.corrected_ref, {values}, {band} AS band, COUNT(*) FROM ("  # noqa: S608
        f"SELECT {_opening_document()} AS doc, q.last_at AS last_at, "
        "CASE WHEN q.corrected = 1 THEN q.case_ref END AS corrected_ref "
        f"FROM ({quiet}) q WHERE q.last_at <= %s{fence}) x GROUP BY {positions}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        _roomy(cursor)
        cursor.execute(sql, [*band_params, *quiet_params, idle_edge(until, bands)])
        return list(cursor.fetchall())


def openings_and_corrections(refs: list[str], until: dt.datetime) -> Iterator[list[LedgerRow]]:
    """The opening and field corrections recorded before ``until`` of the given cases (found
    through the case index), one case at a time."""
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        marks = ", ".join("%s" for _ in chunk)
        sql = (
            "SELECT case_ref, seq, kind, leaf FROM ledger_event "  # noqa: S608
            f"WHERE case_ref IN ({marks}) AND kind IN (%s, %s) ORDER BY case_ref, seq"
        )
        with transaction.atomic():
            yield from _histories(sql, [*chunk, OPENED, FIELD_CORRECTED], until, DATA_KINDS_ALL)


def as_time(value: object) -> dt.datetime:
    """A time read from the database (a datetime on PostgreSQL, text on SQLite) in UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)


def given_day(row: LedgerRow) -> str | None:
    """The day (YYYY-MM-DD) a person said the fact happened, if they gave one."""
    key = GIVEN_DAY_KEY.get(row.kind)
    if key is None or row.data is None:
        return None
    value = row.data.get(key)
    return str(value) if value else None


def opened_attributes(data: dict[str, Any]) -> dict[str, str | None]:
    """A new case's plain attributes: channel, category, place, age band and gender."""
    return {
        "channel": data["channel"],
        "category": data["category"],
        "district": data.get("district"),
        "province": data.get("province"),
        "victim_age_band": data["victim_age_band"],
        "victim_gender": data["victim_gender"],
    }


def corrected_attributes(data: dict[str, Any]) -> dict[str, str | None]:
    """What a field correction changes among the plain attributes (nothing for protected ones)."""
    name = data["field"]
    if name not in CORRECTABLE:
        return {}
    if name == "district":
        return {"district": data.get("value"), "province": data.get("province")}
    return {name: data["value"]}


def stage_of(row: LedgerRow) -> str | None:
    return row.data.get("stage") if row.kind == STAGE_RECORDED and row.data else None


def date_correction(row: LedgerRow) -> tuple[int, str]:
    """(sequence number of the corrected event, the corrected day)."""
    assert row.data is not None  # noqa: S101 - date corrections are always read with data
    return int(row.data["seq"]), str(row.data["on"])


def charge_of(row: LedgerRow) -> tuple[int, str]:
    """(accused person's number, offence code)."""
    assert row.data is not None  # noqa: S101
    return int(row.data["accused"]), str(row.data["offence"])


def verdict_of(row: LedgerRow) -> tuple[str, list[int]]:
    """(outcome, numbers of the accused it concerns)."""
    assert row.data is not None  # noqa: S101
    return str(row.data["outcome"]), [int(n) for n in row.data.get("accused") or []]


def closure_reason(row: LedgerRow) -> str:
    assert row.data is not None  # noqa: S101
    return str(row.data.get("reason_code") or "")


def data_value(row: LedgerRow, key: str) -> str | None:
    """A data key named in figures.yaml, as text (None when absent)."""
    if row.data is None:
        return None
    value = row.data.get(key)
    return None if value is None else str(value)
