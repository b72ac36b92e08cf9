"""What a witness remembers, in SQLite in its data directory.

``latest``: per log origin, the newest checkpoint it cosigned. ``evidence``: checkpoints it
refused although they carried a valid signature of the log: a refused same-size checkpoint with
another root, or one that no consistency proof joins to what it cosigned, is the log's own
signature on a second history.

Every add-checkpoint request checks the stored size and records the new one in one
``BEGIN IMMEDIATE`` transaction (SQLite's single write lock, taken at BEGIN), so two requests can
never both pass the check against the same old size and one roll the other back; the commit is
synced (``synchronous=FULL``) before the witness answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS latest (
    origin TEXT PRIMARY KEY,
    tree_size INTEGER NOT NULL,
    root_hash BLOB NOT NULL,
    checkpoint TEXT NOT NULL,
    cosigned_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    digest TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    status INTEGER NOT NULL,
    reason TEXT NOT NULL,
    old_size INTEGER NOT NULL,
    proof TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    UNIQUE (origin, digest)
);
"""


@dataclass(frozen=True)
class Latest:
    tree_size: int
    root_hash: bytes
    checkpoint: str
    cosigned_at: int


@dataclass(frozen=True)
class Evidence:
    origin: str
    received_at: int
    status: int
    reason: str
    old_size: int
    checkpoint: str


class Transaction:
    """One locked read-check-write on the store."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def latest(self, origin: str) -> Latest | None:
        row = self.connection.execute(
            "SELECT tree_size, root_hash, checkpoint, cosigned_at FROM latest WHERE origin = ?",
            (origin,),
        ).fetchone()
        return None if row is None else Latest(row[0], bytes(row[1]), row[2], row[3])

    def record(self, origin: str, size: int, root: bytes, checkpoint: str, now: int) -> None:
        self.connection.execute(
            "INSERT INTO latest (origin, tree_size, root_hash, checkpoint, cosigned_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET tree_size = excluded."
            "tree_size, root_hash = excluded.root_hash, checkpoint = excluded.checkpoint, "
            "cosigned_at = excluded.cosigned_at",
            (origin, size, root, checkpoint, now),
        )

    def keep_evidence(
        self,
        origin: str,
        status: int,
        reason: str,
        old_size: int,
        proof: str,
        checkpoint: str,
        now: int,
    ) -> None:
        """Keep a refused, validly signed checkpoint (once per distinct checkpoint text)."""
        digest = hashlib.sha256(f"{old_size}\n{proof}\n{checkpoint}".encode()).hexdigest()
        self.connection.execute(
            "INSERT OR IGNORE INTO evidence (origin, digest, received_at, status, reason, "
            "old_size, proof, checkpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (origin, digest, now, status, reason, old_size, proof, checkpoint),
        )


class WitnessStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with contextlib.closing(self._connect()) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=30000")
        return connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT (ROLLBACK if the block raises)."""
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def all_latest(self) -> dict[str, Latest]:
        with contextlib.closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT origin, tree_size, root_hash, checkpoint, cosigned_at FROM latest"
            ).fetchall()
        return {row[0]: Latest(row[1], bytes(row[2]), row[3], row[4]) for row in rows}

    def evidence(self) -> list[Evidence]:
        with contextlib.closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT origin, received_at, status, reason, old_size, checkpoint FROM evidence "
                "ORDER BY id"
            ).fetchall()
        return [Evidence(*row) for row in rows]
