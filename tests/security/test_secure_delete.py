"""SQLite `secure_delete` is set by the application (issue 11): a shredded case key's bytes are
overwritten on delete because Nigraan asks for it on every connection, not because this build of
SQLite happens to default to it. PostgreSQL has no such setting (deleted rows go at VACUUM;
docs/security.md)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3 import base as sqlite_base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="secure_delete is a SQLite setting"),
]


def _secure_delete(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        return cursor.fetchone()[0]


def test_a_connection_opened_where_sqlite_defaults_to_off_is_switched_on(monkeypatch):
    """Stand in for a SQLite build whose default is off: every new connection starts with
    secure_delete=OFF before Django's connection set-up runs."""
    real_connect = sqlite3.connect

    def connect_with_default_off(*args, **kwargs):
        raw = real_connect(*args, **kwargs)
        raw.execute("PRAGMA secure_delete=OFF")
        return raw

    monkeypatch.setattr(sqlite_base.Database, "connect", connect_with_default_off)
    fresh = connections.create_connection("default")
    try:
        fresh.connect()
        assert _secure_delete(fresh) == 1
    finally:
        fresh.close()


def test_every_connection_has_secure_delete_on():
    seen: list[int] = [_secure_delete(connection)]

    def in_another_thread() -> None:
        try:
            seen.append(_secure_delete(connections["default"]))
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join(30)
    assert seen == [1, 1]
