"""Helpers for the witness tests: a synthetic log held in memory (its own key, RFC 9162 tree,
checkpoints and consistency proofs) to talk to witness processes without Nigraan's database,
and a plain HTTP client that reports every status as it came."""

from __future__ import annotations

import hashlib
import http.client
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger import merkle, triggers
from nigraan.ledger.checkpoint import format_body, sign_body
from nigraan.ledger.keys import verifier_key as log_verifier_key
from nigraan.ledger.models import Event, Leaf
from nigraan.ledger.note import LOG_ED25519, raw_public_key, verifier_key
from nigraan.ledger.witness_client import request_body
from nigraan.ledger.witness_list import WitnessSpec
from nigraan.testing.processes import StartedProcess, start_witness


class SyntheticLog:
    """A log in memory. Two of them with the same key and origin but other leaves are a fork
    signed by the real key, as an insider holding the key could make."""

    def __init__(self, origin: str, key: Ed25519PrivateKey | None = None, tag: str = "") -> None:
        self.origin = origin
        self.key = key or Ed25519PrivateKey.generate()
        self.tag = tag
        self.leaves: list[bytes] = []

    @property
    def vkey(self) -> str:
        return verifier_key(self.origin, raw_public_key(self.key), LOG_ED25519)

    def grow(self, count: int) -> SyntheticLog:
        start = len(self.leaves)
        self.leaves += [
            merkle.hash_leaf(f"leaf {i} {self.tag}".encode()) for i in range(start, start + count)
        ]
        return self

    def subtree(self, start: int, end: int) -> bytes:
        return merkle.root_from_leaf_hashes(self.leaves[start:end])

    def root(self, size: int) -> bytes:
        return self.subtree(0, size)

    def checkpoint(self, size: int | None = None, timestamp_ms: int = 1_767_225_600_000) -> str:
        size = len(self.leaves) if size is None else size
        body = format_body(self.origin, size, self.root(size), timestamp_ms)
        return sign_body(body, self.origin, self.key)[0]

    def proof(self, old: int, new: int | None = None) -> list[bytes]:
        new = len(self.leaves) if new is None else new
        if old in (0, new):
            return []
        return merkle.consistency_proof(old, new, self.subtree)

    def request(self, old: int, size: int | None = None) -> bytes:
        size = len(self.leaves) if size is None else size
        return request_body(old, self.proof(old, size), self.checkpoint(size))


@dataclass
class Reply:
    status: int
    content_type: str
    body: str


def post(base_url: str, body: bytes, path: str = "/add-checkpoint") -> Reply:
    url = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "text/plain"})
        response = connection.getresponse()
        return Reply(
            response.status,
            response.getheader("Content-Type", ""),
            response.read().decode("utf-8", "replace"),
        )
    finally:
        connection.close()


def witness_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nigraan", "witness", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def trust(data: Path, name: str, *log_vkeys: str) -> str:
    """Make the witness's data directory trust the logs; return the witness's verifier key."""
    for vkey in log_vkeys:
        done = witness_command("add-log", "--data", str(data), "--name", name, vkey)
        assert done.returncode == 0, done.stdout + done.stderr
    shown = witness_command("show", "--data", str(data), "--name", name)
    assert shown.returncode == 0, shown.stderr
    return next(
        line.split()[-1] for line in shown.stdout.splitlines() if line.startswith("verifier key")
    )


def run_witness(tmp: Path, name: str, *log_vkeys: str) -> tuple[StartedProcess, str, str]:
    """A witness process on port 0 with its own data directory under ``tmp``, trusting the
    given logs: (process, base URL, its verifier key)."""
    data = tmp / name.replace("/", "_")
    vkey = trust(data, name, *log_vkeys)
    process, url = start_witness(data, tmp / f"{name.replace('/', '_')}.log", name=name)
    return process, url, vkey


@dataclass
class RunningWitness:
    """A witness process the test may stop and start again (same data, new port)."""

    name: str
    data: Path
    tmp: Path
    vkey: str
    url: str = ""
    process: StartedProcess | None = None
    starts: int = 0

    def start(self) -> RunningWitness:
        self.starts += 1
        log = self.tmp / f"{self.data.name}.{self.starts}.log"
        self.process, self.url = start_witness(self.data, log, name=self.name)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def trust(self, *log_vkeys: str) -> None:
        trust(self.data, self.name, *log_vkeys)

    def evidence(self) -> str:
        return witness_command("evidence", "--data", str(self.data)).stdout

    @property
    def spec(self) -> WitnessSpec:
        return WitnessSpec(self.name, self.url, self.vkey)


def witness_pair(tmp: Path) -> list[RunningWitness]:
    """Two witnesses, each with its own data directory, key and port, trusting no log yet."""
    pair = []
    for short in ("w1", "w2"):
        name = f"witness.test/{short}"
        data = tmp / short
        pair.append(RunningWitness(name, data, tmp, trust(data, name)).start())
    return pair


def witness_log(pair: list[RunningWitness], settings, node_id: str, quorum: int = 2) -> str:
    """Give this test a log origin of its own, trusted by the pair, and configure the pair as
    the sequencer's witnesses; returns the log's verifier key."""
    settings.NIGRAAN_LOG_ORIGIN = (
        "test.example/log-" + hashlib.sha256(node_id.encode()).hexdigest()[:12]
    )
    vkey = log_verifier_key()
    for witness in pair:
        witness.trust(vkey)
    settings.NIGRAAN_WITNESSES = [witness.spec for witness in pair]
    settings.NIGRAAN_WITNESS_QUORUM = quorum
    return vkey


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    """A docs/ script in isolated mode (-I), so it cannot import Nigraan by accident."""
    script = Path(__file__).resolve().parent.parent / "docs" / name
    return subprocess.run(
        [sys.executable, "-I", str(script), *args], capture_output=True, text=True, check=False
    )


@dataclass(frozen=True)
class Backup:
    """What a backup taken at a signed size holds: events up to an id, the log up to a size."""

    last_event_id: int
    tree_size: int


class Insider:
    """Someone with the database: raw SQL on the real one (SQLite or PostgreSQL), the
    append-only triggers dropped for the attack and put back after, as an owner could."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def sql(self, statement: str, params: list | None = None) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params or [])

    def _untriggered(self, statements: list[tuple[str, list]]) -> None:
        triggers.drop(self.connection)
        try:
            for statement, params in statements:
                self.sql(statement, params)
        finally:
            triggers.install(self.connection)

    def delete_case_and_unsign_everything(self, case_ref: str) -> None:
        """Remove a whole case (its events) and everything signed or witnessed, so that the
        sequencer rebuilds a clean-looking log without it and the real key signs that."""
        self._untriggered(
            [
                ("DELETE FROM ledger_witnesscosignature", []),
                ("DELETE FROM ledger_witnessposition", []),
                ("DELETE FROM ledger_treenode", []),
                ("DELETE FROM ledger_leaf", []),
                ("DELETE FROM ledger_treehead", []),
                ("DELETE FROM ledger_event WHERE case_ref = %s", [case_ref]),
            ]
        )

    def backup(self) -> Backup:
        last = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return Backup(last, Leaf.objects.count())

    def restore(self, backup: Backup) -> None:
        """Put the ledger back as it was at ``backup`` (what restoring that backup does to the
        ledger tables), witness positions included."""
        size = backup.tree_size
        statements = [
            (
                "DELETE FROM ledger_witnesscosignature WHERE tree_head_id IN "
                "(SELECT id FROM ledger_treehead WHERE tree_size > %s)",
                [size],
            ),
            ("DELETE FROM ledger_treehead WHERE tree_size > %s", [size]),
            ('DELETE FROM ledger_leaf WHERE "index" >= %s', [size]),
            ("DELETE FROM ledger_event WHERE id > %s", [backup.last_event_id]),
            ("UPDATE ledger_witnessposition SET tree_size = %s", [size]),
        ]
        for level in range(4, 64, 4):  # stored subtrees not complete within the first `size`
            statements.append(
                (
                    'DELETE FROM ledger_treenode WHERE level = %s AND "index" >= %s',
                    [level, size >> level],
                )
            )
        self._untriggered(statements)
