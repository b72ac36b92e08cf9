"""The staff export: case-level rows for oversight and administrators, within their
jurisdictions, as streamed CSV or Parquet, each export an access event administrators see.

What a row holds is fixed here (``COLUMNS``): the case's reference, dates, channel, category,
stage, place, the victim's age band and gender, flags and the codes of what happened (custody,
offences, outcomes) — never a protected field (``Case.protected``), nothing from the report's
answers, no free text (custody reasons, notes). Rows are read with a chunked cursor
(``QuerySet.iterator``; a server-side cursor on PostgreSQL) and written out in batches, so the
memory used does not grow with the number of rows (``bench/case_export.py`` measures it).

The access event (``SecurityEventKind.CASE_EXPORTED``: who, the format, the filter, how many rows,
whether the file was sent whole) is written when the stream ends — finished, or broken off by
the client — since only then is the number of rows known.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.views.decorators.http import require_GET

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, may
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.cases.models import Case
from nigraan.security import events as security_events
from nigraan.security.addresses import client_address
from nigraan.security.models import SecurityEventKind
from nigraan.web.case_filters import CaseFilters

# Rows per database round trip and per CSV write; rows per Parquet row group.
CHUNK = 2000
ROW_GROUP = 20_000

# (column, the Case fields it is made from): plain fields are copied, the JSON ones reduced to
# codes and counts by ``_row``.
FIELDS = (
    "ref",
    "opened_at",
    "updated_at",
    "channel",
    "category",
    "stage",
    "is_open",
    "province_id",
    "district_id",
    "victim_age_band",
    "victim_gender",
    "flagged_for_oversight",
    "is_shredded",
    "note_count",
    "accused",
    "charges",
    "court",
)
COLUMNS = (
    "ref",
    "opened_at",
    "updated_at",
    "channel",
    "category",
    "stage",
    "is_open",
    "province",
    "district",
    "victim_age_band",
    "victim_gender",
    "flagged_for_oversight",
    "shredded",
    "notes",
    "accused",
    "custody",
    "offences",
    "outcomes",
)
SCHEMA = pa.schema(
    [
        ("ref", pa.string()),
        ("opened_at", pa.timestamp("us", tz="UTC")),
        ("updated_at", pa.timestamp("us", tz="UTC")),
        ("channel", pa.string()),
        ("category", pa.string()),
        ("stage", pa.string()),
        ("is_open", pa.bool_()),
        ("province", pa.string()),
        ("district", pa.string()),
        ("victim_age_band", pa.string()),
        ("victim_gender", pa.string()),
        ("flagged_for_oversight", pa.bool_()),
        ("shredded", pa.bool_()),
        ("notes", pa.int32()),
        ("accused", pa.int32()),
        ("custody", pa.string()),
        ("offences", pa.string()),
        ("outcomes", pa.string()),
    ]
)
FORMATS = ("csv", "parquet")
EMPTY_JSON = frozenset({"", "[]", "{}", "null"})


def _codes(items: Any, key: str) -> str:
    """The items' codes under ``key``, sorted and unique, joined by ";" (empty when none)."""
    if not items:
        return ""
    return ";".join(sorted({str(item[key]) for item in items if item.get(key)}))


def _json(value: Any) -> Any:
    """A JSON column as the cursor gives it (text; already decoded by some drivers)."""
    if isinstance(value, str):
        return None if value in EMPTY_JSON else json.loads(value)
    return value


def _moment(value: Any) -> dt.datetime | None:
    """A timestamp as the cursor gives it (aware on PostgreSQL; UTC text on SQLite)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    (ref, opened, updated, channel, category, stage, is_open, province, district) = values[:9]
    (age_band, gender, flagged, shredded, notes, accused, charges, court) = values[9:]
    accused = _json(accused) or []
    verdicts = court and (_json(court) or {}).get("verdicts")
    return (
        ref,
        _moment(opened),
        _moment(updated),
        channel,
        category,
        stage,
        bool(is_open),  # SQLite gives 0 and 1
        province,
        district,
        age_band,
        gender,
        bool(flagged),
        bool(shredded),
        notes,
        len(accused),
        _codes(accused, "custody"),
        _codes(_json(charges), "offence"),
        _codes(verdicts, "outcome"),
    )


def export_rows(cases: QuerySet[Case]) -> Generator[tuple[Any, ...]]:
    """The export's rows (``COLUMNS``) for these cases, in the order of their ids, read in
    chunks from one cursor (server-side on PostgreSQL): one chunk in memory at a time, whatever
    the number of cases. The SQL is the queryset's own; rows are shaped here rather than by
    the ORM's per-field converters (the cost ``bench/case_export.py`` compares)."""
    sql, params = cases.order_by("id").values_list(*FIELDS).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            for values in batch:
                yield _row(values)


@dataclass
class Tally:
    """How many rows went out, and whether the last one did."""

    rows: int = 0
    complete: bool = False


_TRUE_FALSE = ("false", "true")


def _csv_row(row: tuple[Any, ...]) -> list[Any]:
    """Timestamps in ISO 8601 (UTC), booleans as true/false; None is written empty by csv."""
    out = list(row)
    out[1] = row[1].isoformat()
    out[2] = row[2].isoformat()
    out[6] = _TRUE_FALSE[row[6]]
    out[11] = _TRUE_FALSE[row[11]]
    out[12] = _TRUE_FALSE[row[12]]
    return out


def csv_chunks(rows: Iterable[tuple[Any, ...]], tally: Tally) -> Iterator[bytes]:
    """UTF-8 CSV with a header row, in pieces of ``CHUNK`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_csv_row(row))
        tally.rows += 1
        if tally.rows % CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
    tally.complete = True


class _Drain:
    """A write-only file for pyarrow whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def _columns(batch: list[tuple[Any, ...]]) -> pa.RecordBatch:
    arrays = [
        pa.array([row[index] for row in batch], type=field.type)
        for index, field in enumerate(SCHEMA)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=SCHEMA)


def parquet_chunks(rows: Iterable[tuple[Any, ...]], tally: Tally) -> Iterator[bytes]:
    """A Parquet file (zstd), one row group per ``ROW_GROUP`` rows, each sent once written."""
    drain = _Drain()
    writer = pq.ParquetWriter(pa.PythonFile(drain, mode="w"), SCHEMA, compression="zstd")
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == ROW_GROUP:
            writer.write_batch(_columns(batch), row_group_size=ROW_GROUP)
            tally.rows += len(batch)
            batch = []
            yield drain.take()
    if batch:
        writer.write_batch(_columns(batch), row_group_size=ROW_GROUP)
        tally.rows += len(batch)
    writer.close()
    yield drain.take()
    tally.complete = True


def stream_export(
    staff: Staff, cases: QuerySet[Case], fmt: str, filters: str, address: str = ""
) -> Iterator[bytes]:
    """The file's bytes; when the stream ends, however it ends, the access event."""
    tally = Tally()
    chunks = csv_chunks if fmt == "csv" else parquet_chunks
    rows = export_rows(cases)
    try:
        yield from chunks(rows, tally)
    finally:
        rows.close()  # the cursor, before the event is written
        security_events.record(
            SecurityEventKind.CASE_EXPORTED,
            actor=staff.username,
            address=address,
            format=fmt,
            filters=security_events.printable(filters[:200]) or "(none)",
            rows=tally.rows,
            complete=tally.complete,
        )


@staff_login_required
@require_GET
def case_export(request: StaffRequest, fmt: str) -> StreamingHttpResponse:
    """The cases "All cases" would list with the same filters, as a streamed CSV or Parquet
    file: oversight and administrators only, within their jurisdictions."""
    staff = request.user
    if fmt not in FORMATS:
        raise Http404
    address = client_address(request)
    if not may(staff, Action.EXPORT_CASES):
        security_events.record_refusal(
            staff, what=Action.EXPORT_CASES.value, path=request.path, address=address
        )
        raise HttpForbidden("oversight and administrators only")
    filters = CaseFilters.from_query(request.GET)
    cases = filters.apply(staff, clock.now())
    content = stream_export(staff, cases, fmt, filters.query(), address=address)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
    response = StreamingHttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="nigraan-cases.{fmt}"'
    return response
