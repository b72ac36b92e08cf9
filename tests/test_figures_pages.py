"""The public figures pages and open data: no login, no JavaScript, English and Urdu, every page
under 100 KB, small counts shown as "fewer than 5", the release's ledger hash shown, and the
downloads (CSV with HXL, the stored JSON, a Frictionless Data Package) carrying only aggregates."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.db import transaction

from figures_histories import write_case
from nigraan.stats.publish import publish
from nigraan.stats.release import Period

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK614", "PK6")]
LIMIT = 100_000


@pytest.fixture
def release(db):
    with transaction.atomic():
        for number in range(30):
            steps = [(5, ("stage", "fir_registered", False))] if number % 2 else []
            history = ("web", "sexual_abuse", PLACES[number % 4], "5-9", "female", 45, steps)
            write_case(number, history)
    return publish(Period.parse("month:2026-01")).release


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert len(response.content) < LIMIT, f"{url}: {len(response.content)} bytes"
    text = response.content.decode()
    # No script but the public pages' quick exit (a static file; the page works without it)
    assert text.count("<script") == 1 and '<script src="/static/nigraan/quick-exit.js"' in text
    return text


@pytest.mark.parametrize("language", ["en", "ur"])
def test_national_province_district_and_definition_pages_need_no_login(client, release, language):
    national = _page(client, f"/{language}/figures/")
    assert release.sha256 in national and release.ledger_hash in national
    assert 'id="not-prevalence"' in national
    assert f"/{language}/figures/month/2026-01/area/PK6/" in national
    province = _page(client, f"/{language}/figures/month/2026-01/area/PK6/")
    assert f"/{language}/figures/month/2026-01/area/PK614/" in province
    district = _page(client, f"/{language}/figures/month/2026-01/area/PK614/")
    assert 'id="funnel"' in district and "/figures/measures/reports_received/" in district
    definition = _page(client, f"/{language}/figures/measures/reports_received/")
    assert "case.opened" in definition or "opened" in definition
    if language == "ur":  # the Urdu definition (rules/figures.yaml definition_ur)
        assert "مدت میں کھولے گئے مقدمات" in definition


def test_small_counts_read_fewer_than_five(client, release):
    english = _page(client, "/en/figures/month/2026-01/area/PK7/")
    assert "fewer than 5" in english
    urdu = _page(client, "/ur/figures/month/2026-01/area/PK7/")
    assert "fewer than 5" not in urdu and "5 سے کم" in urdu


def test_a_page_with_no_release_says_so(client, db):
    assert "No figures have been published yet." in _page(client, "/en/figures/")


def test_unknown_release_area_or_measure_is_404(client, release):
    assert client.get("/en/figures/month/2025-01/").status_code == 404
    assert client.get("/en/figures/month/2026-01/area/XX9/").status_code == 404
    assert client.get("/en/figures/measures/nothing/").status_code == 404


def test_the_csv_has_an_hxl_row_and_only_aggregates(client, release):
    response = client.get("/en/figures/month/2026-01/v1/figures.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["period", "measure", "breakdown"]
    assert all(tag.startswith("#") for tag in rows[1])
    document = json.loads(release.tables)
    cells = sum(len(t["columns"]) * len(t["cells"]) for t in document["tables"])
    assert len(rows) - 2 == cells + len(document["medians"])
    status = {row[8] for row in rows[2:]}
    assert "shown" in status and status <= {
        "shown",
        "small",
        "under_small",
        "withheld",
        "not_published",
    }
    assert not any("NGR-" in value for row in rows for value in row)
    for row in rows[2:]:
        assert (row[7] != "") == (row[8] == "shown")


def test_the_json_is_the_hashed_release(client, release):
    body = client.get("/en/figures/month/2026-01/v1/figures.json").content
    assert hashlib.sha256(body).hexdigest() == release.sha256


def test_the_data_package_describes_both_files_with_licence_and_ledger_hash(
    client, release, settings
):
    settings.NIGRAAN_FIGURES_LICENCE = {
        "name": "ODbL-1.0",
        "title": "Open Data Commons Open Database License",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
    }
    package = client.get("/en/figures/month/2026-01/v1/datapackage.json").json()
    assert package["licenses"][0]["name"] == "ODbL-1.0"
    assert package["nigraan"]["ledger_hash"] == release.ledger_hash
    assert package["nigraan"]["sha256"] == release.sha256
    csv_resource, parquet_resource, json_resource = package["resources"]
    assert parquet_resource["path"].endswith("/figures.parquet")
    assert csv_resource["path"].endswith("/figures.csv")
    assert json_resource["hash"] == f"sha256:{release.sha256}"
    names = [field["name"] for field in csv_resource["schema"]["fields"]]
    assert names[:2] == ["period", "measure"]
    assert all(field["description"] for field in csv_resource["schema"]["fields"])
    assert {m["id"] for m in package["measures"]} >= {"reports_received", "outcomes"}


def test_the_parquet_file_reads_back_to_the_csv_values(client, release):
    import pyarrow.parquet as pq

    text = client.get("/en/figures/month/2026-01/v1/figures.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text)))[2:]
    body = client.get("/en/figures/month/2026-01/v1/figures.parquet").content
    table = pq.read_table(io.BytesIO(body)).to_pylist()
    assert len(table) == len(rows)
    for row, read in zip(rows, table, strict=True):
        expected = dict(zip(list(read), row, strict=True))
        expected["value"] = int(row[7]) if row[7] else None
        assert read == expected


def test_the_data_package_validates_with_frictionless(client, release, tmp_path):
    """The package and all three files pass the frictionless library's validation, read from local
    copies of the downloads: the CSV against its schema (HXL row declared as a comment row), the
    Parquet file against the same schema (frictionless reads it through pandas) and the JSON
    against its SHA-256."""
    from frictionless import Package

    base = "/en/figures/month/2026-01/v1/"
    for name in ("figures.csv", "figures.parquet", "figures.json"):
        (tmp_path / name).write_bytes(client.get(base + name).content)
    package = client.get(base + "datapackage.json").json()
    for resource in package["resources"]:
        resource["path"] = resource["path"].rsplit("/", 1)[1]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    csv_task, parquet_task = report.tasks[0], report.tasks[1]
    assert parquet_task.name == "figures-parquet"
    assert parquet_task.stats["rows"] == csv_task.stats["rows"] > 0  # every row read, not skipped
    package["resources"][2]["hash"] = "sha256:" + "0" * 64  # the check is real
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid
    package["resources"][1]["schema"]["fields"][7]["type"] = "date"  # so is the Parquet one
    package["resources"][2]["hash"] = f"sha256:{release.sha256}"
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_funnel_shows_trials_started_between_charges_and_outcomes(client, db, language):
    """Six cases in Kasur reach trial in January (one of them recorded with an earlier day): the
    funnel's "Trials started" line reads 6 and links to its definition; the data package lists
    the measure with its definition (the data dictionary)."""
    before = [
        (5, ("stage", "fir_registered", False)),
        (6, ("accused", "arrested")),
        (7, ("charge", "PK.PPC.376")),
    ]
    with transaction.atomic():
        for number in range(6):
            trial = (8, ("stage", "trial", number == 0))  # number 0: a day given 3 days earlier
            history = ("web", "sexual_abuse", PLACES[0], "5-9", "female", 45, [*before, trial])
            write_case(number, history)
    publish(Period.parse("month:2026-01"))
    district = _page(client, f"/{language}/figures/month/2026-01/area/PK614/")
    start = district.index('id="funnel"')
    funnel = district[start : district.index("</dl>", start)]
    label = "سماعت شروع ہونے والے مقدمات" if language == "ur" else "Trials started"
    line = funnel[funnel.index("/figures/measures/trials_started/") :]
    assert line.index(label) < line.index("<dd>") < line.index(">6<")
    assert funnel.index("/measures/charges/") < funnel.index("/measures/trials_started/")
    assert funnel.index("/measures/trials_started/") < funnel.index("/measures/outcomes/")
    definition = _page(client, f"/{language}/figures/measures/trials_started/")
    assert "trial" in definition
    package = client.get(f"/{language}/figures/month/2026-01/v1/datapackage.json").json()
    measure = next(m for m in package["measures"] if m["id"] == "trials_started")
    assert measure["title"] == "Trials started" and "challan" in measure["definition"]
