"""Publishing releases: stored once, their SHA-256 in the ledger, never revised unnoticed; a
correction is a new release saying why; the case figures never count the release records."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from figures_histories import write_case
from nigraan import clock, tasks
from nigraan.ledger.models import Event
from nigraan.ledger.verify import verify_ledger
from nigraan.stats.cells import TableSpec
from nigraan.stats.ledger_events import FIGURES_CHAIN
from nigraan.stats.models import PublishedRelease
from nigraan.stats.publish import (
    RELEASE_PUBLISHED,
    PublishRefused,
    canonical_json,
    publish,
    sha256_hex,
    stored_statuses,
)
from nigraan.stats.release import Period, build_release

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7")]


def _cases(count: int, first: int = 0, day: int = 40) -> None:
    """Cases reported in December 2025 and January 2026 (START is 2025-11-20)."""
    with transaction.atomic():
        for number in range(first, first + count):
            place = PLACES[number % 3]
            history = ("web", "sexual_abuse", place, "5-9", "female", day + number % 20, [])
            write_case(number, history)


def test_publishing_stores_the_release_and_records_its_hash_in_the_ledger(db):
    _cases(12)
    result = publish(Period.parse("month:2026-01"))
    row = result.release
    assert result.created and row.version == 1 and not row.is_correction
    assert sha256_hex(row.tables) == row.sha256
    assert canonical_json(json.loads(row.tables)) == row.tables
    event = Event.objects.get(case_ref=FIGURES_CHAIN, seq=row.ledger_seq)
    assert event.kind == RELEASE_PUBLISHED and event.event_hash == row.ledger_hash
    assert event.data == {
        "period": "month:2026-01",
        "version": 1,
        "sha256": row.sha256,
        "replaces": None,
    }
    assert verify_ledger().ok


def test_the_stored_tables_are_the_release_that_was_computed(db):
    _cases(12)
    period = Period.parse("month:2026-01")
    row = publish(period).release
    computed = build_release(period)
    document = json.loads(row.tables)
    assert stored_statuses(document) == {
        cell: status for cell, status in computed.outcome.statuses.items()
    }
    numbers = 0
    for table in document["tables"]:
        spec = TableSpec(table["measure"], tuple(table["breakdown"]))
        for area, cells in table["cells"].items():
            for column, cell in zip(table["columns"], cells, strict=True):
                if isinstance(cell, int):
                    numbers += 1
                    assert cell == computed.outcome.values[(period.key, spec, area, tuple(column))]
    assert numbers > 0


def test_an_altered_release_fails_ledger_verify_naming_it(db):
    _cases(12)
    row = publish(Period.parse("month:2026-01")).release
    altered = row.tables.replace('"PK":[', '"PK":[1', 1)
    assert altered != row.tables
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE stats_publishedrelease SET tables = %s WHERE id = %s", [altered, row.id]
        )
    report = verify_ledger()
    assert not report.ok
    assert "figures release month:2026-01 version 1" in report.problem
    assert "altered" in report.problem
    with pytest.raises(SystemExit):
        call_command("ledger", "verify")


def test_a_deleted_release_fails_ledger_verify(db):
    _cases(6)
    publish(Period.parse("month:2026-01"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stats_publishedrelease")
    report = verify_ledger()
    assert not report.ok and "missing from the stored releases" in report.problem


def test_publishing_again_unchanged_adds_nothing(db):
    _cases(12)
    first = publish(Period.parse("month:2026-01"))
    again = publish(Period.parse("month:2026-01"))
    assert not again.created and again.release.id == first.release.id
    assert Event.objects.filter(case_ref=FIGURES_CHAIN).count() == 1


def test_changed_figures_need_a_correction_note_and_become_a_new_version(db):
    """Month figures are final (counted by recording month), so a change means the ledger
    gained backdated rows here; the point is what publishing does with it."""
    _cases(12)
    period = Period.parse("month:2026-01")
    first = publish(period).release
    _cases(8, first=100, day=45)  # more January cases (written now, dated in January)
    with pytest.raises(PublishRefused, match="correction"):
        publish(period)
    second = publish(period, "Eight reports were entered late from the helpline log.").release
    assert second.version == 2 and second.replaces_id == first.id
    assert second.correction_note.startswith("Eight reports")
    record = Event.objects.get(case_ref=FIGURES_CHAIN, seq=second.ledger_seq)
    assert record.data["replaces"] == first.sha256
    assert verify_ledger().ok


def test_release_records_are_never_counted_as_cases(db):
    _cases(12)
    period = Period.parse("month:2026-01")
    before = build_release(period).outcome.values
    publish(period)
    publish(Period.parse("rolling:2026-01"))
    assert build_release(period).outcome.values == before


def test_the_command_publishes_a_month_and_a_rolling_year(db, capsys):
    _cases(12)
    call_command("figures", "publish", "--period", "2026-01")
    call_command("figures", "publish", "--period", "rolling:2026-01")
    out = capsys.readouterr().out
    assert "Published month:2026-01 version 1" in out
    assert "Published rolling:2026-01 version 1" in out
    assert set(PublishedRelease.objects.values_list("period", flat=True)) == {
        "month:2026-01",
        "rolling:2026-01",
    }
    with pytest.raises(CommandError, match="month:YYYY-MM"):
        call_command("figures", "publish", "--period", "last month")


def test_the_worker_publishes_last_month_and_its_year_once(db, settings):
    settings.NIGRAAN_FIGURES_AUTO_PUBLISH = True
    _cases(6)
    with clock.frozen_at(dt.datetime(2026, 2, 3, 12, tzinfo=dt.UTC)):
        assert tasks.run("publish_figures") == {"month:2026-01": 1, "rolling:2026-01": 1}
        assert tasks.run("publish_figures") == {"month:2026-01": 0, "rolling:2026-01": 0}
    settings.NIGRAAN_FIGURES_AUTO_PUBLISH = False
    assert tasks.run("publish_figures") == {}


def test_a_correction_is_shown_with_its_note_on_the_pages(db, client):
    _cases(12)
    period = Period.parse("month:2026-01")
    publish(period)
    _cases(8, first=100, day=45)
    publish(period, "Eight reports were entered late from the helpline log.")
    page = client.get("/en/figures/month/2026-01/").content.decode()
    assert 'id="correction"' in page and "entered late from the helpline log" in page
    assert "/en/figures/month/2026-01/v2/figures.csv" in page
    assert client.get("/en/figures/month/2026-01/v1/figures.csv").status_code == 200
