"""Checking a stored release against a recount from the ledger alone (``nigraan figures check``).

Releases are computed from the figures read model (``stats/read_model.py``). ``nigraan ledger
verify`` proves the read model equals the ledger *now*; this proves a release *as published*
equals the ledger: every shown number is the recount of its cell from every ledger event (not
the read model), every "fewer than N" cell recounts to 1…N, every shown median is the recount's
median. A read-model row altered, used by a release, and put back would be caught here."""

from __future__ import annotations

import json

from nigraan.stats.cells import TableSpec, table_values
from nigraan.stats.compute import count_period
from nigraan.stats.disclosure import SMALL
from nigraan.stats.measures import current_figures
from nigraan.stats.models import PublishedRelease
from nigraan.stats.release import (
    Period,
    atom_spaces,
    load_geography,
    median_tables,
    release_spec,
)


def recount_differences(row: PublishedRelease, limit: int = 20) -> list[str]:
    """The stored release's cells that differ from a recount of the ledger (at most ``limit``);
    empty when every published figure is the recount."""
    period = Period.parse(row.period)
    document = json.loads(row.tables)
    figures = current_figures()
    if figures.digest != document["rules_digest"]:
        return [f"{row.period}: the measures changed since it was published; not comparable"]
    counts = count_period(figures, period.months, source="ledger")
    spaces, places = atom_spaces(figures, counts)
    geography = load_geography(places)
    truth = table_values(
        geography, spaces.values(), release_spec(figures, period, spaces, geography)
    )
    threshold = int(document["threshold"])
    found = []
    for table in document["tables"]:
        spec = TableSpec(table["measure"], tuple(table["breakdown"]))
        for area, cells in table["cells"].items():
            for column, cell in zip(table["columns"], cells, strict=True):
                value = truth.get((period.key, spec, area, tuple(column)), 0)
                shown_wrong = isinstance(cell, int) and cell != value
                if shown_wrong or (cell == SMALL and not 1 <= value <= threshold):
                    found.append(
                        f"{row.period} v{row.version} {spec.measure} {'×'.join(spec.breakdown)} "
                        f"{area} {'/'.join(column) or 'total'}: published {cell}, ledger {value}"
                    )
    medians = median_tables(figures, counts, geography, frozenset(period.months))
    for median in document["medians"]:
        key = (median["measure"], tuple(median["breakdown"]), median["area"])
        recount = medians.get((*key, tuple(median["column"])), (None, 0))[0]
        if recount != median["days"]:
            found.append(
                f"{row.period} v{row.version} median {median['measure']} {median['area']}: "
                f"published {median['days']} days, ledger {recount}"
            )
    return found[:limit]
