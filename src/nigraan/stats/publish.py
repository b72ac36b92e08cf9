"""Publishing a release: compute it, write its tables as canonical JSON, store it, and append
its SHA-256 to the ledger, all in one transaction.

The ledger holds one chain per case, named by the case's reference (``NGR-…``). Releases have
their own chain, ``FIGURES``: an ordinary hash chain in the same table, sequenced into the same
signed Merkle log, so a release's hash is covered by every signed tree head after it. Nothing
that reads cases reads it: case projections are rebuilt per case reference, and the counting
pass leaves it out (``stats/ledger_events.py``). ``check_releases`` is registered with
``nigraan ledger verify`` (``StatsConfig.ready``): a stored release whose text no longer hashes
to the ledger's record, or a record with no release, fails verification naming the release."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from nigraan import clock
from nigraan.ledger.append import append_event
from nigraan.ledger.models import Event
from nigraan.ledger.verify import LedgerBroken
from nigraan.stats.cells import CellKey, TableSpec
from nigraan.stats.disclosure import SHOWN
from nigraan.stats.ledger_events import FIGURES_CHAIN
from nigraan.stats.models import PublishedRelease
from nigraan.stats.release import Period, Release, build_release

RELEASE_PUBLISHED = "figures.release_published"
FORMAT = "nigraan-figures/1"
ACTOR = "system:figures"


class PublishRefused(Exception):
    """A release that may not be published as asked (said in words a person can act on)."""


def canonical_json(document: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text: the same document always gives the same bytes."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def release_document(release: Release, computed_at: dt.datetime) -> dict[str, Any]:
    """A release as data: its areas, and per table the columns and, per area, each cell as a
    number (shown) or its status (``small``, ``under_small``, ``withheld``, ``not_published``).
    Medians only where shown. Only aggregates: nothing here describes a case."""
    statuses, values = release.outcome.statuses, release.outcome.values
    key = release.period.key
    geography = release.geography
    tables = []
    for spec, columns in release.spec.columns.items():
        cells = {}
        for area in geography.areas_top_down():
            row = []
            for column in columns:
                cell = (key, spec, area, column)
                status = statuses[cell]
                row.append(values[cell] if status == SHOWN else status)
            cells[area] = row
        tables.append(
            {
                "measure": spec.measure,
                "breakdown": list(spec.breakdown),
                "columns": [list(column) for column in columns],
                "cells": cells,
            }
        )
    medians = [
        {"measure": m, "breakdown": list(b), "area": a, "column": list(c), "days": days}
        for (m, b, a, c), (days, _count) in sorted(release.medians.items())
        if days is not None
    ]
    return {
        "format": FORMAT,
        "period": key,
        "months": list(release.period.months),
        "computed_at": computed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rules_digest": release.rules_digest,
        "threshold": release.threshold,
        "areas": {area: geography.parent.get(area) for area in geography.areas_top_down()},
        "tables": tables,
        "medians": medians,
    }


def stored_statuses(document: Mapping[str, Any]) -> dict[CellKey, str]:
    """Every cell's status in a stored release, as disclosure control takes earlier releases."""
    found: dict[CellKey, str] = {}
    key = document["period"]
    for table in document["tables"]:
        spec = TableSpec(table["measure"], tuple(table["breakdown"]))
        columns = [tuple(column) for column in table["columns"]]
        for area, row in table["cells"].items():
            for column, cell in zip(columns, row, strict=True):
                found[(key, spec, area, column)] = SHOWN if isinstance(cell, int) else cell
    return found


def current_releases() -> list[PublishedRelease]:
    """The newest version of every published period."""
    latest: dict[str, PublishedRelease] = {}
    for row in PublishedRelease.objects.order_by("period", "version"):
        latest[row.period] = row
    return list(latest.values())


def overlapping(period: Period) -> list[tuple[Period, dict[CellKey, str]]]:
    """The published releases (newest versions) of other periods sharing a month with this one."""
    months = set(period.months)
    found = []
    for row in current_releases():
        other = Period.parse(row.period)
        if other != period and months & set(other.months):
            found.append((other, stored_statuses(json.loads(row.tables))))
    return found


def last_complete_month(now: dt.datetime | None = None) -> str:
    """The month before the current one, in the project's time zone (YYYY-MM)."""
    local = (now or clock.now()).astimezone(timezone.get_default_timezone())
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class Published:
    release: PublishedRelease
    created: bool  # False: the same tables were already published for this period


def publish(period: Period, correction_note: str = "") -> Published:
    """Compute, store and record a period's release. Publishing a period again gives the stored
    release when nothing changed; a changed one is refused unless it says what changed and why
    (``correction_note``), and is then stored as a correction of the newest version."""
    computed_at = clock.now()
    release = build_release(period, previous=overlapping(period))
    with transaction.atomic():
        earlier = PublishedRelease.objects.filter(period=period.key).order_by("-version").first()
        document = release_document(release, computed_at)
        if earlier is not None:
            if _same_figures(json.loads(earlier.tables), document):
                return Published(earlier, created=False)
            if not correction_note.strip():
                raise PublishRefused(
                    f"{period.key} is already published (version {earlier.version}) and its "
                    "figures would change: publish a correction with a note saying what changed "
                    "and why (--correction)."
                )
        text = canonical_json(document)
        digest = sha256_hex(text)
        event = append_event(
            case_ref=FIGURES_CHAIN,
            kind=RELEASE_PUBLISHED,
            actor=ACTOR,
            data={
                "period": period.key,
                "version": 1 if earlier is None else earlier.version + 1,
                "sha256": digest,
                "replaces": None if earlier is None else earlier.sha256,
            },
            at=computed_at,
        )
        row = PublishedRelease.objects.create(
            period=period.key,
            version=event.data["version"],
            computed_at=computed_at,
            tables=text,
            sha256=digest,
            correction_note=correction_note.strip() if earlier else "",
            replaces=earlier,
            ledger_seq=event.seq,
            ledger_hash=event.event_hash,
        )
    return Published(row, created=True)


def _same_figures(stored: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    ignore = {"computed_at"}
    return {k: v for k, v in stored.items() if k not in ignore} == {
        k: v for k, v in new.items() if k not in ignore
    }


def check_releases() -> None:
    """Every stored release hashes to what the ledger recorded for it, and every release the
    ledger recorded is stored. Raises LedgerBroken naming the first release that does not."""
    recorded = {
        row.seq: row.data
        for row in Event.objects.filter(case_ref=FIGURES_CHAIN, kind=RELEASE_PUBLISHED)
    }
    for release in PublishedRelease.objects.order_by("id"):
        name = f"figures release {release.period} version {release.version}"
        entry = recorded.pop(release.ledger_seq, None)
        if entry is None or entry.get("period") != release.period:
            raise LedgerBroken(f"{name}: the ledger holds no record of it")
        if sha256_hex(release.tables) != entry["sha256"]:
            raise LedgerBroken(
                f"{name}: its stored tables were altered (they no longer hash to the SHA-256 "
                "recorded in the ledger)"
            )
    for entry in recorded.values():
        raise LedgerBroken(
            f"figures release {entry['period']} version {entry['version']}: recorded in the "
            "ledger but missing from the stored releases (deleted)"
        )
