"""Which subscribers an alert reaches. Reads only.

Inside a circle: subscribers whose resolution-9 cell lies in one of the circle's covering ranges
(``h3cover``), read through the b-tree index on ``cell`` in groups of ranges, then kept only if
the cell's centre is within the radius. Subscribers who named only a district are reached when
the circle touches their district. Chosen districts: everyone subscribed in them. Drills (CAP
status Exercise) reach test subscribers only, and real alerts never reach them. Responders come
first, from their own small index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection

from nigraan.alerts import h3cover
from nigraan.alerts.content import AlertArea, Circle
from nigraan.alerts.models import Subscriber

RANGES_PER_QUERY = 32  # keeps each query's OR list short and its result a bounded batch
FETCH = 10_000


@dataclass(frozen=True)
class Recipient:
    subscriber_id: int
    phone_lookup: str
    sealed_phone: bytes
    language: str


def _flag(column: str, value: bool) -> str:
    # Written as Django writes it ("is_test" / NOT "is_test"), so SQLite sees that the partial
    # indexes (WHERE "is_test", WHERE "is_responder") apply.
    return column if value else f"NOT {column}"


def candidate_sql(
    ranges: Sequence[tuple[int, int]], *, exercise: bool, responders: bool
) -> tuple[str, list[int]]:
    """The index query for some covering ranges: ``cell BETWEEN lo AND hi OR ...``. Written
    as SQL, not built with Q objects: Django took longer to build a 100-range query than the
    database took to answer it."""
    quote = connection.ops.quote_name
    meta = Subscriber._meta
    column = {field.name: field.column or field.name for field in meta.concrete_fields}
    cell = quote(column["cell"])
    columns = ", ".join(
        quote(column[name]) for name in ("id", "phone_lookup", "sealed_phone", "language", "cell")
    )
    between = " OR ".join([f"{cell} BETWEEN %s AND %s"] * len(ranges)) or "1 = 0"
    sql = (
        f"SELECT {columns} FROM {quote(meta.db_table)} "  # noqa: S608 (names from the model)
        f"WHERE {_flag(quote('is_test'), exercise)} "
        f"AND {_flag(quote('is_responder'), responders)} AND ({between})"
    )
    return sql, [bound for pair in ranges for bound in pair]


def _rows(sql: str, params: list[int]) -> Iterator[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH):
            yield from rows


def _from_cells(
    circle: Circle, exercise: bool, responders: bool, ranges: list[tuple[int, int]]
) -> Iterator[Recipient]:
    verdicts: dict[int, bool] = {}  # many subscribers share a cell: measure it once
    for start in range(0, len(ranges), RANGES_PER_QUERY):
        group = ranges[start : start + RANGES_PER_QUERY]
        sql, params = candidate_sql(group, exercise=exercise, responders=responders)
        for pk, lookup, sealed, language, cell in _rows(sql, params):
            verdict = verdicts.get(cell)
            if verdict is None:
                verdict = verdicts[cell] = h3cover.inside(circle, cell)
            if verdict:
                yield Recipient(pk, lookup, bytes(sealed), language)


def _from_districts(
    codes: Iterable[str], exercise: bool, responders: bool, only_without_cell: bool
) -> Iterator[Recipient]:
    query = Subscriber.objects.filter(
        is_test=exercise, is_responder=responders, district_id__in=list(codes)
    )
    if only_without_cell:
        query = query.filter(cell__isnull=True)
    rows = query.values_list("id", "phone_lookup", "sealed_phone", "language")
    for pk, lookup, sealed, language in rows.iterator(FETCH):
        yield Recipient(pk, lookup, bytes(sealed), language)


def recipients_in_circle(
    circle: Circle, touched_districts: Sequence[str], *, exercise: bool = False
) -> Iterator[Recipient]:
    """Responders first, then everyone else; each subscriber once (a subscriber has a cell or
    only a district, never both ways in)."""
    ranges = h3cover.circle_ranges(circle)
    for responders in (True, False):
        yield from _from_cells(circle, exercise, responders, ranges)
        yield from _from_districts(touched_districts, exercise, responders, True)


def recipients_in_districts(codes: Sequence[str], *, exercise: bool = False) -> Iterator[Recipient]:
    for responders in (True, False):
        yield from _from_districts(codes, exercise, responders, only_without_cell=False)


def recipients_for(area: AlertArea, *, exercise: bool = False) -> Iterator[Recipient]:
    """Everyone an alert's area reaches: inside its circle, or in its chosen districts."""
    if area.circle is not None:
        return recipients_in_circle(area.circle, area.district_codes, exercise=exercise)
    return recipients_in_districts(area.district_codes, exercise=exercise)
