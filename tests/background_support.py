"""Shared by the crash tests of background work (test_worker_crash.py, test_celery_broker.py):
a fresh data directory per test (SQLite, or a fresh PostgreSQL database when DATABASE_URL points
at one), setup scripts run in subprocesses, a webhook receiver that checks signatures and dedups by
Idempotency-Key, and the exactly-once checks read straight from the database.

Everything here is synthetic: cases carry no protected text, webhook bodies are numbers."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEBHOOK_SECRET = "synthetic-webhook-secret-for-crash-tests"
ESCALATED = "case.deadline_escalated"


@contextlib.contextmanager
def fresh_data_dir(tmp_path: Path, label: str) -> Iterator[dict[str, str]]:
    """Environment for ``python -m nigraan ...`` subprocesses on a newly initialised data directory;
    on PostgreSQL (DATABASE_URL set) a database of its own, dropped afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NIGRAAN_"))}
    env.update(
        {
            "NIGRAAN_DATA_DIR": str(tmp_path / "data"),
            "NIGRAAN_FAST_PASSWORD_HASHER": "1",
            "NIGRAAN_DEMO_MODE": "0",
            "NIGRAAN_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "NIGRAAN_LOG_LEVEL": "INFO",
        }
    )
    url = os.environ.get("DATABASE_URL", "")
    database = None
    server = url.rsplit("/", 1)[0]
    if url.startswith("postgres"):
        import psycopg

        database = f"nigraan_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{server}/{database}"
    else:
        env.pop("DATABASE_URL", None)
    try:
        subprocess.run(
            [sys.executable, "-m", "nigraan", "init"], env=env, check=True, capture_output=True
        )
        yield env
    finally:
        if database:
            import psycopg

            with psycopg.connect(server + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def query(env: dict[str, str], sql: str) -> list[tuple]:
    """Read the subprocesses' database (no parameters: the SQL is the test's own)."""
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return list(conn.execute(sql))
    with contextlib.closing(
        sqlite3.connect(Path(env["NIGRAAN_DATA_DIR"]) / "nigraan.sqlite3", timeout=30)
    ) as conn:
        return list(conn.execute(sql))


def scalar(env: dict[str, str], sql: str) -> int:
    return int(query(env, sql)[0][0] or 0)


_SETUP_PREAMBLE = """
import datetime as dt, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")
django.setup()
from django.db import transaction
from nigraan import clock
"""

_OPEN_OVERDUE_CASES = (
    _SETUP_PREAMBLE
    + """
from nigraan.accounts.permissions import Action
from nigraan.cases.actors import SystemActor
from nigraan.cases.commands import open_case
actor = SystemActor("crash-test-setup", frozenset({Action.OPEN_CASE}))
# Reported three days ago and never touched: every level of every deadline is overdue.
with clock.frozen_at(clock.system_clock() - dt.timedelta(days=3)), transaction.atomic():
    for _ in range(int(sys.argv[1])):
        open_case(actor, channel="web", category="missing_child", district_code="PK614")
"""
)

_ENQUEUE_WEBHOOKS = (
    _SETUP_PREAMBLE
    + """
from nigraan.notify.outbox import enqueue_webhook
url, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with transaction.atomic():
    for n in range(count):
        enqueue_webhook(url=url, payload={"event": "synthetic", "n": n}, key=f"{prefix}-{n:04d}")
"""
)


def open_overdue_missing_child_cases(env: dict[str, str], count: int) -> None:
    subprocess.run(
        [sys.executable, "-c", _OPEN_OVERDUE_CASES, str(count)],
        env=env,
        check=True,
        capture_output=True,
    )


def enqueue_webhooks(env: dict[str, str], url: str, count: int, prefix: str) -> list[str]:
    subprocess.run(
        [sys.executable, "-c", _ENQUEUE_WEBHOOKS, url, str(count), prefix],
        env=env,
        check=True,
        capture_output=True,
    )
    return [f"{prefix}-{n:04d}" for n in range(count)]


def escalations_committed(env: dict[str, str]) -> int:
    return scalar(env, f"SELECT COUNT(*) FROM ledger_event WHERE kind = '{ESCALATED}'")


def deadlines_still_due(env: dict[str, str]) -> int:
    """Open, unmet deadlines whose next escalation time has passed (what a sweep would escalate)."""
    now = "NOW()" if env.get("DATABASE_URL") else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    return scalar(
        env,
        "SELECT COUNT(*) FROM cases_deadline d JOIN cases_case c ON c.id = d.case_id "
        f"WHERE d.next_escalation_at <= {now} AND d.met_at IS NULL AND NOT d.stopped AND c.is_open",
    )


def escalation_counts(env: dict[str, str]) -> Counter[tuple[str, str, int]]:
    """How many escalation events each (case, deadline, level) has in the ledger."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for case_ref, leaf in query(
        env, f"SELECT case_ref, leaf FROM ledger_event WHERE kind = '{ESCALATED}'"
    ):
        data = json.loads(leaf.split("\n", 7)[7])
        counts[(case_ref, data["deadline"], int(data["level"]))] += 1
    return counts


def assert_every_missed_deadline_escalated_exactly_once(env: dict[str, str], cases: int) -> int:
    """Each deadline's escalations are levels 1..its level, one event each; nothing left due.
    Returns the number of escalations."""
    counts = escalation_counts(env)
    doubled = {key: n for key, n in counts.items() if n != 1}
    assert not doubled, (
        f"{len(doubled)} levels escalated more than once, e.g. {next(iter(doubled.items()))}"
    )
    expected = {
        (ref, rule_id, level)
        for ref, rule_id, reached in query(
            env,
            "SELECT c.ref, d.rule_id, d.level FROM cases_deadline d "
            "JOIN cases_case c ON c.id = d.case_id",
        )
        for level in range(1, reached + 1)
    }
    assert set(counts) == expected, (
        f"{len(expected - set(counts))} levels without an event, {len(set(counts) - expected)} "
        "events beyond the level reached"
    )
    assert deadlines_still_due(env) == 0
    fir_cases = {ref for ref, rule_id, _ in counts if rule_id == "missing_child_fir"}
    assert len(fir_cases) == cases, "every missing child's missed FIR deadline escalated"
    return sum(counts.values())


def assert_ledger_verifies(env: dict[str, str]) -> str:
    subprocess.run(
        [sys.executable, "-m", "nigraan", "ledger", "sign"],
        env=env,
        check=True,
        capture_output=True,
    )
    verify = subprocess.run(
        [sys.executable, "-m", "nigraan", "ledger", "verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return verify.stdout.strip()


def outbox_by_status(env: dict[str, str]) -> dict[str, int]:
    return {
        status: int(n)
        for status, n in query(
            env, "SELECT status, COUNT(*) FROM notify_outboxmessage GROUP BY status"
        )
    }


class WebhookReceiver:
    """A partner system: checks each request's HMAC signature, processes each Idempotency-Key
    once and answers 200 to repeats without processing them again (counted as refused duplicates).
    ``on_arrival(n)`` runs inside the n-th request, before the answer: a test kills the sender
    there, so the message was received but never confirmed."""

    def __init__(self, *, on_arrival: Callable[[int], None] | None = None) -> None:
        self.arrivals: list[str] = []
        self.processed: dict[str, bytes] = {}
        self.duplicates_refused = 0
        self.bad_signatures = 0
        self.on_arrival = on_arrival
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = (
                    "sha256="
                    + hmac.new(
                        WEBHOOK_SECRET.encode(),
                        self.headers["X-Nigraan-Timestamp"].encode() + b"." + body,
                        hashlib.sha256,
                    ).hexdigest()
                )
                key = self.headers["Idempotency-Key"]
                with receiver._lock:
                    if not hmac.compare_digest(
                        expected, self.headers.get("X-Nigraan-Signature", "")
                    ):
                        receiver.bad_signatures += 1
                        status = 401
                    else:
                        receiver.arrivals.append(key)
                        if key in receiver.processed:
                            receiver.duplicates_refused += 1
                        else:
                            receiver.processed[key] = body
                        status = 200
                    arrival = len(receiver.arrivals)
                if status == 200 and receiver.on_arrival is not None:
                    receiver.on_arrival(arrival)
                with contextlib.suppress(OSError):  # the sender may have been killed meanwhile
                    self.send_response(status)
                    self.end_headers()

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # the port the kernel picks
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
