"""Public figures pages served per second by the real server (``nigraan serve``: gunicorn, the
same workers and threads as production) beside GET /healthz of the same server, same clients,
same run. The pages read a stored release (``stats.reading``), so what they cost depends on the
number of areas and cells, not of cases; the release is the one the figures benchmark computed
on its ledger, published first. Each page is requested a few times before it is timed, so that
every server worker has rendered it once: the figure is the steady state a reader meets. The
page and /healthz are measured alternately three times and the best rate of each is kept: on a
shared machine one short measurement moves by a factor of two or more."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.intake_api import _load, _quantile
from nigraan.stats.publish import publish
from nigraan.stats.release import Period
from nigraan.testing.processes import nigraan_server

CLIENTS = 8
ROUNDS = 3  # /healthz and the page measured alternately this many times; the best rate of each
PAGES = {
    "national": "/en/figures/month/2026-10/",
    "province": "/en/figures/month/2026-10/area/PK6/",
    "district": "/en/figures/month/2026-10/area/PK614/",
}


def run(period: str, requests: int) -> list[dict]:
    start = time.perf_counter()
    publish(Period.parse(period))
    published = time.perf_counter() - start
    rows = []
    log = Path(tempfile.mkdtemp(prefix="nigraan-bench-")) / "serve.log"
    with nigraan_server(dict(os.environ), log) as (_, base):
        port = int(base.rsplit(":", 1)[1])
        per_client = max(2, requests // CLIENTS)
        for name, path in PAGES.items():
            _load(port, CLIENTS, 2, "GET", path, None)  # each worker renders it once: not timed
            trivial, rate, latencies = 0.0, 0.0, []
            for _round in range(ROUNDS):  # alternated, the best of each: the machine is shared
                healthz, _lat, _ = _load(port, CLIENTS, per_client, "GET", "/healthz", None)
                page, page_latencies, _ = _load(port, CLIENTS, per_client, "GET", path, None)
                trivial = max(trivial, healthz)
                if page > rate:
                    rate, latencies = page, page_latencies
            note = f"; publishing took {published:.0f}s" if name == "national" else ""
            rows.append(
                {
                    "measure": f"figures page/s, {name}, {CLIENTS} clients "
                    f"(p50 {_quantile(latencies, 0.5) * 1000:.0f} ms{note})",
                    "ours": rate,
                    "baseline": trivial,
                    "ratio": rate / trivial,
                    "target": "ratio >= 0.5 (baseline: GET /healthz, requests/s)",
                }
            )
    return rows
