"""/api/v1/figures/…: the releases and a release's tables by area and measure, with exactly the
disclosure-controlled cells of the release's CSV (a shown number or the status hiding it)."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction

from figures_histories import write_case
from nigraan.stats.publish import publish
from nigraan.stats.release import Period

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK614", "PK6")]
TABLES = "/api/v1/figures/releases/month/2026-01/1/tables"


@pytest.fixture
def release(db, geography):
    with transaction.atomic():
        for number in range(30):
            steps = [(5, ("stage", "fir_registered", False))] if number % 2 else []
            history = ("web", "sexual_abuse", PLACES[number % 4], "5-9", "female", 45, steps)
            write_case(number, history)
        for number in (30, 31):  # two of another category: a small count everywhere above
            write_case(number, ("sms", "harassment", ("PK617", "PK6"), "10-14", "male", 45, []))
    return publish(Period.parse("month:2026-01")).release


def test_the_releases_are_listed_with_their_ledger_record(client, release):
    body = client.get("/api/v1/figures/releases").json()
    [only] = body["releases"]
    assert only["period"] == "month:2026-01" and only["version"] == 1
    assert only["sha256"] == release.sha256 and only["ledger_hash"] == release.ledger_hash
    assert only["ledger_seq"] == release.ledger_seq and only["threshold"] == 4


def _csv_cells(client, area: str) -> dict[tuple[str, str, str], tuple[str, str]]:
    text = client.get("/en/figures/month/2026-01/v1/figures.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))[1:]  # the HXL row
    return {
        (r["measure"], r["breakdown"], r["group"]): (r["value"], r["status"])
        for r in rows
        if r["area_code"] == area
    }


@pytest.mark.parametrize("area", ["PK", "PK6", "PK7", "PK614"])
def test_every_cell_is_the_csvs_cell(client, release, area):
    response = client.get(TABLES, {"area": area})
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == area and body["release"]["sha256"] == release.sha256
    found = {}
    for table in body["tables"]:
        for cell in table["cells"]:
            key = (table["measure"], "+".join(table["breakdown"]), "+".join(cell["group"]))
            value = "" if cell["value"] is None else str(cell["value"])
            found[key] = (value, cell["status"])
    for median in body["medians"]:
        key = (median["measure"], "+".join(median["breakdown"]), "+".join(median["group"]))
        found[key] = (str(median["days"]), "shown")
    assert found == _csv_cells(client, area)
    # Disclosure control holds in the API as in the CSV: no shown count from 1 to the threshold.
    shown = [c["value"] for t in body["tables"] for c in t["cells"] if c["status"] == "shown"]
    assert shown and not [v for v in shown if 1 <= v <= 4]


def test_small_counts_are_statuses(client, release):
    text = client.get("/en/figures/month/2026-01/v1/figures.csv").content.decode()
    areas = {r["area_code"] for r in csv.DictReader(io.StringIO(text)) if r["status"] == "small"}
    assert areas, "the fixture has small counts"
    for area in sorted(areas)[:3]:
        tables = client.get(TABLES, {"area": area}).json()["tables"]
        small = [c for t in tables for c in t["cells"] if c["status"] == "small"]
        assert small and all(c["value"] is None for c in small)


def test_one_measure_and_the_areas_around(client, release):
    body = client.get(TABLES, {"area": "PK6", "measure": "reports_received"}).json()
    assert {t["measure"] for t in body["tables"]} == {"reports_received"}
    assert body["parent"] == "PK" and "PK614" in body["children"]
    measures = client.get("/api/v1/figures/measures").json()["measures"]
    assert "reports_received" in {m["id"] for m in measures}


def test_unknown_release_area_or_measure_is_a_404_json_refusal(client, release):
    for url, query in (
        ("/api/v1/figures/releases/month/2025-01/1/tables", {}),
        ("/api/v1/figures/releases/month/2026-01/2/tables", {}),
        (TABLES, {"area": "PK9"}),
        (TABLES, {"measure": "nothing_here"}),
    ):
        response = client.get(url, query)
        assert response.status_code == 404, (url, query)
        assert "error" in response.json() or "message" in response.json()
    assert client.get(TABLES, {"area": "Kasur"}).status_code == 400
    assert client.get("/api/v1/figures/releases/yearly/2026-01/1/tables").status_code == 400
