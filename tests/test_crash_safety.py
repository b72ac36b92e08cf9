"""Kill the server (SIGKILL) in the middle of a burst of reports: every report that was
acknowledged is in the database and verifies in the ledger. Runs against a real gunicorn server
on whichever database this suite run uses (SQLite, or PostgreSQL when DATABASE_URL points there)."""

from __future__ import annotations

import http.client
import json
import os
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

from nigraan.testing.processes import nigraan_server

pytestmark = pytest.mark.slow

REPORT = {
    "category": "other",
    "account": "Synthetic burst report.",
    "police": "no",
    "reporter": "neighbour",
    "consent_understood": True,
    "district": "PK614",
}


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


def _post_report(base: str, key: str) -> tuple[int, str]:
    request = urllib.request.Request(
        base + "/api/v1/reports",
        data=json.dumps(REPORT).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:300]


class Burst:
    """Eight clients sending reports until told to stop. Before the kill every answer must be a
    201: anything else is recorded and fails the test, with the server's log."""

    CLIENTS = 8

    def __init__(self, base: str) -> None:
        self.base = base
        self.acknowledged: list[str] = []
        self.unexpected: list[str] = []
        self.killed = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._client, args=(n,)) for n in range(self.CLIENTS)
        ]

    def _client(self, n: int) -> None:
        answered = False
        sent = 0
        while sent < 200 and not self.killed.is_set():
            try:
                status, body = _post_report(self.base, f"burst-{n}-{sent + 1}")
            except ConnectionRefusedError:
                if not answered:  # a worker not accepting yet: try again until it does
                    time.sleep(0.1)
                    continue
                self._unexpected(f"client {n}: connection refused after the server answered")
                return
            except (OSError, http.client.HTTPException) as error:  # only the kill may do that
                self._unexpected(f"client {n}: {error!r}")
                return
            answered, sent = True, sent + 1
            with self._lock:
                if status == 201:
                    self.acknowledged.append(json.loads(body)["case"])
                    continue
            self._unexpected(f"client {n}: HTTP {status} {body}")
            return

    def _unexpected(self, what: str) -> None:
        if not self.killed.is_set():
            with self._lock:
                self.unexpected.append(what)

    def __enter__(self) -> Burst:
        for thread in self._threads:
            thread.start()
        return self

    def wait_for(self, count: int, *, within: float) -> None:
        give_up = time.monotonic() + within
        while time.monotonic() < give_up and not self.unexpected:
            with self._lock:
                if len(self.acknowledged) >= count:
                    return
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self.killed.set()
        for thread in self._threads:
            thread.join(timeout=30)


def test_every_acknowledged_report_survives_a_sigkill(server_env, tmp_path):
    serving = nigraan_server(server_env, tmp_path / "serve.log", "--workers", "2")
    with serving as (server, base), Burst(base) as burst:
        burst.wait_for(40, within=120)
        burst.killed.set()
        server.kill()  # master and workers, mid-burst
    assert not burst.unexpected, f"answers other than 201 before the kill: {burst.unexpected[:5]}"
    assert len(burst.acknowledged) >= 40, (
        f"the burst never got going: {len(burst.acknowledged)} of 40 reports acknowledged"
    )
    stored = _stored_refs(server_env)
    missing = set(burst.acknowledged) - stored
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
