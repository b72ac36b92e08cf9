"""What the public figures pages' cache is keyed by: a value that changes whenever a release is
published, corrected or removed (``web/views_figures.py``).

It is one raw query (how many release rows, the newest id, its SHA-256, the latest computation
time; rows are only ever added). On PostgreSQL that is a round trip on a kept connection. On
SQLite each request would open a connection for it (about 5 ms, most of a cached page's cost),
so the answer is also kept per state of the database's files: any commit changes the WAL file
(or the main file), so while neither file changed since the last query, nothing was published.
The kept answer is trusted only when the files had not changed for a second before they were
looked at, so a commit in the same tick of the file system's clock cannot be missed."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.db import connection

_SQL = (
    "SELECT COUNT(*), MAX(id), MAX(computed_at), (SELECT sha256 FROM stats_publishedrelease "
    "ORDER BY id DESC LIMIT 1) FROM stats_publishedrelease"
)
QUIET_SECONDS = 1.0
_kept: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None  # (files' state, validator)


def _files_state() -> tuple[tuple[Any, ...], float] | None:
    """(stat of the SQLite database file and its WAL, newest change time), or None when the
    database is not a SQLite file (PostgreSQL, or an in-memory test database) or this
    connection is inside a transaction (its own writes are not in the files until it commits)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    name = str(connection.settings_dict["NAME"])
    path = Path(name)
    if not path.is_file():
        return None
    state: list[tuple[int, int, int] | None] = []
    newest = 0.0
    for part in (path, Path(name + "-wal")):
        try:
            found = os.stat(part)
        except FileNotFoundError:
            state.append(None)
            continue
        state.append((found.st_ino, found.st_size, found.st_mtime_ns))
        newest = max(newest, found.st_mtime_ns / 1e9)
    return tuple(state), newest


def releases_validator() -> tuple[Any, ...]:
    global _kept
    files = _files_state()
    if files is not None and _kept is not None and _kept[0] == files[0]:
        return _kept[1]
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        validator = tuple(cursor.fetchone())
    if files is not None and time.time() - files[1] > QUIET_SECONDS:
        _kept = (files[0], validator)
    return validator
