"""The staff export (web/case_export.py) of N cases, and of N/10, beside writing the same rows
with the ``csv`` module from one cursor, in the same run: time, and the peak memory each needs.

Each measurement runs twice (the faster time counts, and the larger peak), each in a fresh
process (``bench.case_export_child``) so that its peak resident memory is its own; the figure is
the peak minus the process's memory once Django is loaded.
The cases are written straight into the case table (executemany), with accused people, charges
and verdicts in their JSON columns, as the projection holds them."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection, transaction

from nigraan.accounts.models import Jurisdiction, JurisdictionLevel, Staff

ROOT = Path(__file__).resolve().parent.parent
BATCH = 20_000
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK201", "PK2"), (None, "PK6")]
OFFENCES = ["PK.PPC.376", "PK.PPC.376.3", "PK.PPC.377A"]
COLUMNS = (
    "ref, channel, category, stage, is_open, province_id, district_id, victim_age_band, "
    "victim_gender, opened_at, updated_at, report, protected, note_count, accused, charges, "
    "flagged_for_oversight, referrals, court, legal_basis_recorded, is_shredded, last_seq"
)
ADMIN = "bench.export.admin"


def _case(rng: random.Random, number: int) -> tuple:
    district, province = rng.choice(PLACES)
    opened = START + dt.timedelta(minutes=rng.randrange(730 * 24 * 60))
    accused = [
        {"number": n, "relation": "neighbour", "custody": rng.choice(["arrested", "bailed"])}
        for n in range(1, rng.randint(0, 2) + 1)
    ]
    charges = [{"accused": p["number"], "offence": rng.choice(OFFENCES)} for p in accused]
    court = {"verdicts": [{"outcome": "conviction", "accused": [1], "on": "2026-01-02"}]}
    stamp = connection.ops.adapt_datetimefield_value
    return (
        f"NGR-X{number:08d}",
        "helpline",
        "sexual_abuse",
        "fir_registered",
        rng.random() < 0.6,
        province,
        district,
        rng.choice(["0-4", "5-9", "10-14", "15-17"]),
        rng.choice(["female", "male"]),
        stamp(opened),
        stamp(opened + dt.timedelta(days=3)),
        "{}",
        json.dumps({"victim_name": "enc1:synthetic"}),
        rng.randint(0, 5),
        json.dumps(accused),
        json.dumps(charges),
        False,
        "[]",
        json.dumps(court if accused and rng.random() < 0.3 else {}),
        False,
        False,
        8,
    )


def _fill(cases: int) -> None:
    rng = random.Random(6)
    marks = ", ".join(["%s"] * 22)
    sql = f"INSERT INTO cases_case ({COLUMNS}) VALUES ({marks})"
    for start in range(0, cases, BATCH):
        rows = [_case(rng, number) for number in range(start, min(cases, start + BATCH))]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    admin = Staff.objects.create_user(username=ADMIN, password=None, role="administrator")
    Jurisdiction.objects.create(staff=admin, level=JurisdictionLevel.COUNTRY, code="PK")


def _measure(mode: str, rows: int) -> dict:
    """The faster of two runs, each in a fresh process: {"seconds", "peak_mb", "rows"}."""
    runs = [_measure_once(mode, rows) for _ in range(2)]
    return min(runs, key=lambda run: run["seconds"]) | {
        "peak_mb": max(run["peak_mb"] for run in runs)
    }


def _measure_once(mode: str, rows: int) -> dict:
    connection.close()
    result = subprocess.run(
        [sys.executable, "-m", "bench.case_export_child", mode, str(rows), ADMIN],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"export measurement {mode} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(cases: int) -> list[dict]:
    from nigraan.geo.load import load_geography

    load_geography()
    setup = time.perf_counter()
    _fill(cases)
    setup = time.perf_counter() - setup
    out = []
    for size in (cases // 10, cases):
        base = _measure("baseline", size)
        ours = _measure("csv", size)
        parquet = _measure("parquet", size)
        if not base["rows"] == ours["rows"] == parquet["rows"] == size:
            raise SystemExit(f"rows differ: {base}, {ours}, {parquet}")
        note = f" (setup {setup:.0f}s)" if size == cases else ""
        out += [
            {
                "measure": f"export CSV s, {size:,} rows{note}",
                "ours": ours["seconds"],
                "baseline": base["seconds"],
                "ratio": ours["seconds"] / base["seconds"],
                "target": "ratio <= 2 (baseline: csv module from one cursor, s)",
            },
            {
                "measure": f"export CSV peak MB, {size:,} rows",
                "ours": ours["peak_mb"],
                "baseline": base["peak_mb"],
                "ratio": ours["peak_mb"] / max(base["peak_mb"], 0.1),
                "target": "flat as rows grow (baseline: same cursor, MB)",
            },
            {
                "measure": f"export Parquet s, {size:,} rows",
                "ours": parquet["seconds"],
                "baseline": base["seconds"],
                "ratio": parquet["seconds"] / base["seconds"],
                "target": "(information; baseline: csv module, s)",
            },
            {
                "measure": f"export Parquet peak MB, {size:,} rows",
                "ours": parquet["peak_mb"],
                "baseline": base["peak_mb"],
                "ratio": parquet["peak_mb"] / max(base["peak_mb"], 0.1),
                "target": "flat as rows grow (baseline: csv module, MB)",
            },
        ]
    return out
