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

from django.db.models import Q, QuerySet

from nigraan.alerts import h3cover
from nigraan.alerts.content import AlertArea, Circle
from nigraan.alerts.models import Subscriber

RANGES_PER_QUERY = 32  # keeps each query's OR list short and its result a bounded batch
_FIELDS = ("id", "phone_lookup", "sealed_phone", "language", "cell")


@dataclass(frozen=True)
class Recipient:
    subscriber_id: int
    phone_lookup: str
    sealed_phone: bytes
    language: str


def _audience(exercise: bool, responders: bool) -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(is_test=exercise, is_responder=responders)


def ranges_filter(ranges: Sequence[tuple[int, int]]) -> Q:
    condition = Q(pk__in=[])  # matches nothing when there are no ranges
    for low, high in ranges:
        condition |= Q(cell__gte=low, cell__lte=high)
    return condition


def circle_candidates(
    circle: Circle, *, exercise: bool = False, responders: bool = False
) -> QuerySet[Subscriber]:
    """The index query: subscribers whose cell is in a covering range (some lie just outside
    the circle; ``recipients_in_circle`` drops them)."""
    return _audience(exercise, responders).filter(ranges_filter(h3cover.circle_ranges(circle)))


def _from_cells(
    circle: Circle, exercise: bool, responders: bool, ranges: list[tuple[int, int]]
) -> Iterator[Recipient]:
    verdicts: dict[int, bool] = {}  # many subscribers share a cell: measure it once
    for start in range(0, len(ranges), RANGES_PER_QUERY):
        group = ranges[start : start + RANGES_PER_QUERY]
        rows = _audience(exercise, responders).filter(ranges_filter(group)).values_list(*_FIELDS)
        for pk, lookup, sealed, language, cell in rows.iterator(chunk_size=10_000):
            verdict = verdicts.get(cell)
            if verdict is None:
                verdict = verdicts[cell] = h3cover.inside(circle, cell)
            if verdict:
                yield Recipient(pk, lookup, bytes(sealed), language)


def _from_districts(
    codes: Iterable[str], exercise: bool, responders: bool, only_without_cell: bool
) -> Iterator[Recipient]:
    query = _audience(exercise, responders).filter(district_id__in=list(codes))
    if only_without_cell:
        query = query.filter(cell__isnull=True)
    for pk, lookup, sealed, language, _cell in query.values_list(*_FIELDS).iterator(10_000):
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
