"""Helpers for the witness tests: a synthetic log held in memory (its own key, RFC 9162 tree,
checkpoints and consistency proofs) to talk to witness processes without Nigraan's database,
and a plain HTTP client that reports every status as it came."""

from __future__ import annotations

import http.client
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger import merkle
from nigraan.ledger.checkpoint import format_body, sign_body
from nigraan.ledger.note import LOG_ED25519, raw_public_key, verifier_key
from nigraan.ledger.witness_client import request_body
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
