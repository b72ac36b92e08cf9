"""One measurement of bench/case_export.py, in its own process so its peak memory is its own:

    python -m bench.case_export_child baseline|csv|parquet ROWS ADMIN_USERNAME

Exports the cases with ids up to ROWS (the benchmark numbers them from 1) to a temporary file
and prints {"seconds", "peak_mb", "rows"}: peak resident memory above the process's own once
Django is loaded."""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _baseline(rows: int, out) -> int:
    """The same fields, written by the csv module straight from one cursor of the same kind as
    the export's (server-side on PostgreSQL), fetched in the same chunks."""
    from django.db import connection

    from nigraan.web.case_export import FIELDS

    columns = ", ".join(FIELDS)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    written = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM cases_case WHERE id <= %s ORDER BY id", [rows])
        while batch := cursor.fetchmany(2000):
            writer.writerows(batch)
            written += len(batch)
    return written


def _ours(fmt: str, rows: int, admin: str, out) -> int:
    from nigraan import clock
    from nigraan.accounts.models import Staff
    from nigraan.security.models import SecurityEvent
    from nigraan.web.case_export import stream_export
    from nigraan.web.case_filters import CaseFilters

    staff = Staff.objects.get(username=admin)
    cases = CaseFilters().apply(staff, clock.now()).filter(id__lte=rows)
    for chunk in stream_export(staff, cases, fmt, ""):
        out.write(chunk)
    return SecurityEvent.objects.order_by("-id").values_list("details", flat=True)[0]["rows"]


def main() -> None:
    mode, rows, admin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    import django

    django.setup()
    from django.db import connection

    import nigraan.web.case_export  # noqa: F401  (pyarrow too: loaded before measuring)

    connection.ensure_connection()
    loaded = _peak_mb()
    with tempfile.TemporaryFile("w+b") as raw:
        start = time.perf_counter()
        if mode == "baseline":
            with open(raw.fileno(), "w", closefd=False, newline="") as text:
                written = _baseline(rows, text)
        else:
            written = _ours(mode, rows, admin, raw)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb() - loaded, "rows": written}))


if __name__ == "__main__":
    main()
