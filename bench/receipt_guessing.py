"""Follow-up logins with right receipt codes per second under a guessing attack (1,000 wrong codes
a minute, each from a new address), beside the same load with no attack in the same run; the
right codes' p50 and p99 latency in both; and how many right codes were refused (must be 0: issue
11, where about 100 wrong codes a minute locked every reporter out).

The server is the real one (`nigraan serve`, gunicorn, 2 workers × 4 threads) on this database,
with production argon2 cost for receipt codes, behind one declared proxy
(`NIGRAAN_TRUSTED_PROXIES=1`) so each request's address is the `X-Forwarded-For` it sends."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from bench.intake_api import REPORT, _quantile
from nigraan.testing.processes import nigraan_server

CLIENTS = 4
WRONG_PER_MINUTE = 1_000
RECEIPTS = 8
GUESSERS = 16


def _post(conn: http.client.HTTPConnection, body: bytes, address: str) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
    conn.request("POST", "/api/v1/follow-up", body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def _right_codes(port: int, codes: list[str], seconds: float) -> tuple[int, list[float], int]:
    """CLIENTS reporters log in with right codes, one after another, for ``seconds``: (logins,
    latencies, refusals)."""
    latencies: list[float] = []
    refused = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def reporter(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, wrong = [], 0
        for i in itertools.count():
            if time.perf_counter() >= deadline:
                break
            body = json.dumps({"receipt": codes[(n + i) % len(codes)]}).encode()
            start = time.perf_counter()
            status, _ = _post(conn, body, f"203.0.113.{n}")
            mine.append(time.perf_counter() - start)
            wrong += status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            refused[0] += wrong

    threads = [threading.Thread(target=reporter, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, refused[0]


def _guesser(port: int, stop: threading.Event, sent: list[tuple[float, int]]) -> None:
    """Wrong codes at WRONG_PER_MINUTE, paced over GUESSERS connections (one is too slow to
    keep the pace while the server is busy), each code from an address never used before."""
    interval = 60 / WRONG_PER_MINUTE
    start = time.perf_counter()
    slots = itertools.count()
    lock = threading.Lock()

    def one() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop.is_set():
            with lock:
                n = next(slots)
            wait = start + n * interval - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            body = json.dumps({"receipt": f"{n:020d}"}).encode()
            address = f"10.{n // 65025 % 250}.{n // 255 % 255}.{n % 255}"
            status = _post(conn, body, address)[0]
            with lock:
                sent.append((time.perf_counter(), status))
        conn.close()

    threads = [threading.Thread(target=one) for _ in range(GUESSERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _file_reports(port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    codes = []
    for _ in range(RECEIPTS):
        conn.request(
            "POST", "/api/v1/reports", body=REPORT, headers={"Content-Type": "application/json"}
        )
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            raise RuntimeError(f"a report was refused: {response.status} {data[:200]!r}")
        codes.append(json.loads(data)["receipt"])
    conn.close()
    return codes


def _row(measure: str, ours: float, baseline: float, target: str) -> dict:
    return {
        "measure": measure,
        "ours": ours,
        "baseline": baseline,
        "ratio": ours / baseline if baseline else 0.0,
        "target": target,
    }


def run(seconds: int) -> list[dict]:
    from nigraan.geo.load import load_geography

    load_geography()
    env = dict(
        os.environ,
        NIGRAAN_TRUSTED_PROXIES="1",
        NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR="10000000",
        NIGRAAN_REPORTS_PER_HOUR="10000000",
    )
    log = Path(tempfile.mkdtemp(prefix="nigraan-bench-")) / "serve.log"
    with nigraan_server(env, log) as (_, base):
        port = int(base.rsplit(":", 1)[1])
        codes = _file_reports(port)
        calm, calm_lat, calm_refused = _right_codes(port, codes, seconds)
        stop, sent = threading.Event(), []
        attacker = threading.Thread(target=_guesser, args=(port, stop, sent))
        attacker.start()
        time.sleep(min(10.0, seconds / 2))  # let the wrong codes pass the site-wide ceiling
        began = time.perf_counter()
        busy, busy_lat, busy_refused = _right_codes(port, codes, seconds)
        ended = time.perf_counter()
        stop.set()
        attacker.join()
    p50, p99 = _quantile(busy_lat, 0.5) * 1000, _quantile(busy_lat, 0.99) * 1000
    calm_p50, calm_p99 = _quantile(calm_lat, 0.5) * 1000, _quantile(calm_lat, 0.99) * 1000
    during = [status for at, status in sent if began <= at <= ended]
    wrong_rate = len(during) / (ended - began) * 60
    statuses = [status for _, status in sent]
    return [
        _row(
            f"follow-up logins/s, right codes, {CLIENTS} clients, under {wrong_rate:.0f} wrong "
            f"codes/min from new addresses (vs no attack)",
            busy / seconds,
            calm / seconds,
            "(information)",
        ),
        _row(
            f"right code latency under attack, p50 ms (p99 {p99:.0f} ms; no attack p99 "
            f"{calm_p99:.0f} ms)",
            p50,
            calm_p50,
            "(information)",
        ),
        _row(
            f"right codes refused under attack (of {busy}) vs without ({calm})",
            busy_refused,
            calm_refused,
            "0 (nobody locked out)",
        ),
        _row(
            f"wrong codes answered 404 vs sent ({sum(s == 429 for s in statuses)} got 429)",
            sum(s == 404 for s in statuses),
            len(statuses),
            "ratio = 1.00 (no site-wide lock)",
        ),
    ]
