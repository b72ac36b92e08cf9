"""Kill the server (SIGKILL) in the middle of a burst of reports: every report that was
acknowledged is in the database and verifies in the ledger. Runs against a real gunicorn server
on whichever database this suite run uses (SQLite, or PostgreSQL when DATABASE_URL points there)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPORT = {
    "category": "other",
    "account": "Synthetic burst report.",
    "police": "no",
    "reporter": "neighbour",
    "consent_understood": True,
    "district": "PK614",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "NIGRAAN_DATA_DIR": str(tmp_path / "data"),
            "NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR": "100000",
            "NIGRAAN_REPORTS_PER_HOUR": "100000",
            "NIGRAAN_FAST_PASSWORD_HASHER": "1",
            "NIGRAAN_DEMO_MODE": "0",
        }
    )
    url = os.environ.get("DATABASE_URL", "")
    database = None
    if url.startswith("postgres"):
        import psycopg

        database = f"nigraan_crash_{uuid.uuid4().hex[:8]}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + database
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "nigraan", "init"], env=env, check=True, capture_output=True
    )
    yield env
    if database:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _stored_refs(env: dict) -> set[str]:
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return {row[0] for row in conn.execute("SELECT ref FROM cases_case")}
    with sqlite3.connect(Path(env["NIGRAAN_DATA_DIR"]) / "nigraan.sqlite3") as conn:
        return {row[0] for row in conn.execute("SELECT ref FROM cases_case")}


def test_every_acknowledged_report_survives_a_sigkill(server_env):
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nigraan",
            "serve",
            "--no-worker",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        acknowledged: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(n: int) -> None:
            sent = 0
            while not stop.is_set() and sent < 200:
                sent += 1
                request = urllib.request.Request(
                    base + "/api/v1/reports",
                    data=json.dumps(REPORT).encode(),
                    method="POST",
                    headers={
                        "Content-Type": "application/json",
                        "Idempotency-Key": f"burst-{n}-{sent}",
                    },
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        body = json.loads(response.read())
                        if response.status == 201:
                            with lock:
                                acknowledged.append(body["case"])
                except (OSError, urllib.error.HTTPError, ValueError):
                    return  # the server died under us: whatever was not acknowledged may be lost

        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-burst
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=10)
    assert len(acknowledged) >= 40, "the burst never got going"
    stored = _stored_refs(server_env)
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged reports were lost"
    subprocess.run(
        [sys.executable, "-m", "nigraan", "ledger", "sign"],
        env=server_env,
        check=True,
        capture_output=True,
    )
    verify = subprocess.run(
        [sys.executable, "-m", "nigraan", "ledger", "verify"],
        env=server_env,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"{len(stored)} case chains" in verify.stdout
