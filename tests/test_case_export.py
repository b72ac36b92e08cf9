"""The staff export (issue 12, item 6): oversight and administrators download case-level rows
within their jurisdictions as streamed CSV or Parquet, never a protected field, and each export
is a security event administrators see (who, format, filter, rows)."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest

from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.security.models import SecurityEvent, SecurityEventKind
from nigraan.web import case_export

pytestmark = pytest.mark.django_db

VICTIM = "Demo Child Export"
ACCUSED = "Demo Accused Export"


@pytest.fixture
def three_cases(personas, make_staff):
    """Kasur (with an accused person and a charge), Lahore (both Punjab) and Karachi (Sindh)."""
    kasur = commands.open_case(
        personas["op"],
        channel="helpline",
        category="sexual_abuse",
        district_code="PK614",
        victim_age_band="10-14",
        victim_gender="female",
        protected={"victim_name": VICTIM, "narrative": "A synthetic account."},
    )
    commands.add_accused(personas["police"], kasur.ref, relation="neighbour", name=ACCUSED)
    commands.record_charge(personas["police"], kasur.ref, accused_number=1, offence="PK.PPC.376.3")
    lahore = commands.open_case(
        personas["cw.lahore"], channel="helpline", category="sexual_abuse", district_code="PK617"
    )
    karachi = commands.open_case(
        make_staff("op.karachi", "helpline_operator", district="PK702"),
        channel="helpline",
        category="sexual_abuse",
        district_code="PK702",
        protected={"victim_name": VICTIM},
    )
    return kasur, lahore, karachi


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _exports() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEventKind.CASE_EXPORTED).order_by("id"))


def test_oversight_exports_its_province_without_protected_fields(client, personas, three_cases):
    kasur, lahore, _karachi = three_cases
    client.force_login(personas["oversight"])  # Punjab
    response = client.get("/en/staff/export.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert VICTIM not in body and ACCUSED not in body and "enc1:" not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == list(case_export.COLUMNS)
    assert sorted(row["ref"] for row in rows) == sorted([kasur.ref, lahore.ref])
    by_ref = {row["ref"]: row for row in rows}
    assert by_ref[kasur.ref]["district"] == "PK614" and by_ref[kasur.ref]["province"] == "PK6"
    assert by_ref[kasur.ref]["victim_age_band"] == "10-14"
    assert by_ref[kasur.ref]["accused"] == "1"
    assert by_ref[kasur.ref]["offences"] == "PK.PPC.376.3"
    assert by_ref[lahore.ref]["accused"] == "0" and by_ref[lahore.ref]["is_open"] == "true"
    [event] = _exports()
    assert event.actor == personas["oversight"].username
    assert event.details == {"format": "csv", "filters": "(none)", "rows": 2, "complete": True}


def test_the_filters_of_all_cases_apply_and_are_recorded(client, personas, three_cases):
    kasur = three_cases[0]
    client.force_login(personas["oversight"])
    rows = _csv(client.get("/en/staff/export.csv", {"district": "PK614"}))
    assert [row["ref"] for row in rows] == [kasur.ref]
    assert _exports()[-1].details["filters"] == "district=PK614"
    assert _exports()[-1].details["rows"] == 1


def test_parquet_reads_back_to_the_csv_rows(client, personas, three_cases):
    client.force_login(personas["admin"])  # the whole country
    csv_rows = _csv(client.get("/en/staff/export.csv"))
    response = client.get("/en/staff/export.parquet")
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(b"".join(response.streaming_content)))
    assert table.column_names == list(case_export.COLUMNS)
    assert table.num_rows == len(csv_rows) == 3
    parquet_rows = table.to_pylist()
    for from_csv, from_parquet in zip(csv_rows, parquet_rows, strict=True):
        assert from_csv["ref"] == from_parquet["ref"]
        assert from_csv["opened_at"] == from_parquet["opened_at"].isoformat()
        assert from_csv["offences"] == from_parquet["offences"]
        assert int(from_csv["accused"]) == from_parquet["accused"]
        assert (from_csv["is_open"] == "true") is from_parquet["is_open"]
    assert [event.details["format"] for event in _exports()] == ["csv", "parquet"]
    assert _exports()[-1].details["rows"] == 3


@pytest.mark.parametrize("who", ["op", "cw", "sup", "dco", "police", "pros"])
def test_other_roles_are_refused_and_the_refusal_recorded(client, personas, three_cases, who):
    client.force_login(personas[who])
    assert client.get("/en/staff/export.csv").status_code == 403
    assert client.get("/en/staff/export.parquet").status_code == 403
    assert _exports() == []
    refused = SecurityEvent.objects.filter(
        kind=SecurityEventKind.PERMISSION_REFUSED, actor=personas[who].username
    )
    assert {event.details["what"] for event in refused} == {"export_cases"}


def test_the_public_is_sent_to_the_login_page(client, three_cases):
    response = client.get("/en/staff/export.csv")
    assert response.status_code == 302 and "login" in response["Location"]
    assert _exports() == []


def test_an_export_broken_off_is_recorded_as_incomplete(personas, three_cases, monkeypatch):
    monkeypatch.setattr(case_export, "CHUNK", 1)
    admin = personas["admin"]
    stream = case_export.stream_export(admin, Case.objects.all(), "csv", "stage=received")
    assert next(stream).startswith(b"ref,opened_at")
    assert _exports() == []  # written when the stream ends
    stream.close()  # the client went away: the server closes the response, and so the stream
    [event] = _exports()
    assert event.actor == admin.username
    assert event.details == {
        "format": "csv",
        "filters": "stage=received",
        "rows": 1,
        "complete": False,
    }


def test_administrators_see_exports_on_the_security_page(client, personas, three_cases):
    client.force_login(personas["oversight"])
    b"".join(client.get("/en/staff/export.parquet").streaming_content)
    client.force_login(personas["admin"])
    page = client.get("/en/staff/security/", {"kind": "case_exported"}).content.decode()
    assert "Case list exported" in page and personas["oversight"].username in page
    assert "rows: 2" in page and "format: parquet" in page


def test_the_case_list_links_the_export_with_its_filters(client, personas, three_cases):
    client.force_login(personas["oversight"])
    page = client.get("/en/staff/", {"district": "PK614"}).content.decode()
    assert 'href="/en/staff/export.csv?district=PK614"' in page
    client.force_login(personas["sup"])
    assert "export.csv" not in client.get("/en/staff/").content.decode()
