"""Reports accepted per second through the JSON API at 1, 8 and 32 concurrent clients, with p50
and p99 latency, beside a trivial endpoint (GET /healthz) of the same server in the same run; and
the count of acknowledged vs stored reports (they must be equal).

The server is the real one (`nigraan serve`, gunicorn, 2 workers × 4 threads) on this database,
with production argon2 cost for receipt codes."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from nigraan.cases.models import Case
from nigraan.testing.processes import nigraan_server

REPORT = json.dumps(
    {
        "category": "other",
        "account": "Synthetic benchmark report.",
        "police": "no",
        "reporter": "neighbour",
        "consent_understood": True,
        "district": "PK614",
    }
).encode()


def _load(
    port: int, clients: int, per_client: int, method: str, path: str, body: bytes | None
) -> tuple[float, list[float], list[str]]:
    latencies: list[float] = []
    acknowledged: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, refs = [], []
        for _ in range(per_client):
            start = time.perf_counter()
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - start)
            if response.status == 201:
                refs.append(json.loads(data)["case"])
            elif response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}: {data[:200]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)
            acknowledged.extend(refs)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * per_client / (time.perf_counter() - start), latencies, acknowledged


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) >= 2 else values[0]


def run(requests_per_level: int) -> list[dict]:
    from nigraan.geo.load import load_geography

    load_geography()
    env = dict(
        os.environ,
        NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR="10000000",
        NIGRAAN_REPORTS_PER_HOUR="10000000",
    )
    rows = []
    log = Path(tempfile.mkdtemp(prefix="nigraan-bench-")) / "serve.log"
    with nigraan_server(env, log) as (_, base):
        port = int(base.rsplit(":", 1)[1])
        before = Case.objects.count()
        all_refs: list[str] = []
        for clients in (1, 8, 32):
            per_client = max(2, requests_per_level // clients)
            trivial_rate, trivial_lat, _ = _load(
                port, clients, per_client * 5, "GET", "/healthz", None
            )
            rate, lat, refs = _load(port, clients, per_client, "POST", "/api/v1/reports", REPORT)
            all_refs += refs
            rows.append(
                {
                    "measure": f"reports/s, {clients} clients "
                    f"(p50 {_quantile(lat, 0.5) * 1000:.0f} ms, "
                    f"p99 {_quantile(lat, 0.99) * 1000:.0f} ms; "
                    f"trivial p50 {_quantile(trivial_lat, 0.5) * 1000:.1f} ms)",
                    "ours": rate,
                    "baseline": trivial_rate,
                    "ratio": rate / trivial_rate,
                    "target": "(information)",
                }
            )
        stored = Case.objects.count() - before
        rows.append(
            {
                "measure": "reports acknowledged vs stored",
                "ours": len(all_refs),
                "baseline": stored,
                "ratio": len(all_refs) / stored if stored else 0.0,
                "target": "ratio = 1.00 (none lost)",
            }
        )
    return rows
