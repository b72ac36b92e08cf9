"""Reading a stored release for pages and downloads (reads only; nothing here writes)."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from nigraan.stats.models import PublishedRelease

Cell = int | str  # a shown number, or a status (stats/disclosure.py)
ROOT = "PK"


@dataclass(frozen=True)
class Row:
    column: tuple[str, ...]
    cell: Cell


class _Parsed:
    """A release's tables, parsed and indexed once."""

    def __init__(self, text: str) -> None:
        self.document: dict[str, Any] = json.loads(text)

    @cached_property
    def tables(self) -> dict[tuple[str, tuple[str, ...]], dict[str, Any]]:
        return {(t["measure"], tuple(t["breakdown"])): t for t in self.document["tables"]}

    @cached_property
    def medians(self) -> dict[tuple[str, tuple[str, ...], str, tuple[str, ...]], int]:
        return {
            (m["measure"], tuple(m["breakdown"]), m["area"], tuple(m["column"])): m["days"]
            for m in self.document["medians"]
        }


# Parsed releases by (row id, SHA-256), newest use last; a stored release never changes (a
# correction is a new row), so each server process parses one once instead of at every page.
# The pages read only; ``ledger verify`` checks the stored text itself, never this copy.
_PARSED: OrderedDict[tuple[int, str], _Parsed] = OrderedDict()
PARSED_KEPT = 16


def _parsed(row: PublishedRelease) -> _Parsed:
    key = (row.pk, row.sha256)
    found = _PARSED.get(key)
    if found is None:
        found = _Parsed(row.tables)  # loaded now when the row was read without it
        _PARSED[key] = found
        while len(_PARSED) > PARSED_KEPT:
            _PARSED.popitem(last=False)
    _PARSED.move_to_end(key)
    return found


class StoredRelease:
    """One published release, its tables indexed by (measure, breakdown)."""

    def __init__(self, row: PublishedRelease) -> None:
        self.row = row
        parsed = _parsed(row)
        self.document = parsed.document
        self._tables = parsed.tables
        self._medians = parsed.medians

    @property
    def threshold(self) -> int:
        return int(self.document["threshold"])

    def has_area(self, area: str) -> bool:
        return area in self.document["areas"]

    def parent(self, area: str) -> str | None:
        parent = self.document["areas"].get(area)
        return None if parent is None else str(parent)

    def children(self, area: str) -> list[str]:
        return [code for code, parent in self.document["areas"].items() if parent == area]

    def breakdowns(self, measure: str) -> list[tuple[str, ...]]:
        return [b for (m, b) in self._tables if m == measure and b]

    def rows(self, measure: str, breakdown: tuple[str, ...], area: str) -> list[Row]:
        table = self._tables.get((measure, breakdown))
        if table is None or area not in table["cells"]:
            return []
        return [
            Row(tuple(column), cell)
            for column, cell in zip(table["columns"], table["cells"][area], strict=True)
        ]

    def total(self, measure: str, area: str) -> Cell | None:
        rows = self.rows(measure, (), area)
        return rows[0].cell if rows else None

    def cell(self, measure: str, breakdown: tuple[str, ...], area: str, value: str) -> Cell | None:
        for row in self.rows(measure, breakdown, area):
            if row.column == (value,):
                return row.cell
        return None

    def median(self, measure: str, area: str) -> int | None:
        return self._medians.get((measure, (), area, ()))


def latest(period: str) -> PublishedRelease | None:
    """The newest version of a period (its tables read only when first needed)."""
    return (
        PublishedRelease.objects.filter(period=period).defer("tables").order_by("-version").first()
    )


def newest_releases(limit: int = 24) -> list[PublishedRelease]:
    """The newest version of each period, newest computed first."""
    seen: set[str] = set()
    found = []
    for row in PublishedRelease.objects.defer("tables").order_by("-computed_at", "-version"):
        if row.period not in seen:
            seen.add(row.period)
            found.append(row)
        if len(found) >= limit:
            break
    return found
