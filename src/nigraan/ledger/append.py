"""The one way an event enters the ledger: ``append_event``, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from nigraan import clock
from nigraan.ledger.encoding import GENESIS_HASH, decode_leaf, encode_leaf, event_hash
from nigraan.ledger.models import Event


class NotInTransaction(RuntimeError):
    pass


@dataclass(frozen=True)
class AppendedEvent:
    """What ``append_event`` returns: the stored row's values (cheaper than a model instance)."""

    id: int
    case_ref: str
    seq: int
    kind: str
    actor: str
    occurred_at: dt.datetime
    prev_hash: str
    event_hash: str
    leaf: str

    @property
    def data(self) -> Any:
        return decode_leaf(self.leaf).data


def append_event(
    *, case_ref: str, kind: str, actor: str, data: dict[str, Any], at: dt.datetime | None = None
) -> AppendedEvent:
    """Append one event to a case's hash chain. Must run inside ``transaction.atomic()`` so the
    event commits together with the projection it changes, or not at all.

    Concurrent appends to the same case are serialised by the caller locking the case row; the
    unique (case_ref, seq) constraint is the backstop that refuses a forked chain.
    """
    db = connections[DEFAULT_DB_ALIAS]  # the real wrapper, not the per-access proxy: this is hot
    if not db.in_atomic_block:
        raise NotInTransaction("append_event must be called inside transaction.atomic()")
    moment = at or clock.now()
    # The driver's own cursor on the hot path: appending must stay within a small factor of a
    # plain insert (bench/ledger_append.py measures both the same way).
    last_sql, insert_sql = _statements(db.vendor)
    cursor = db.connection.cursor()
    try:
        cursor.execute(last_sql, (case_ref,))
        last = cursor.fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        leaf = encode_leaf(
            case_ref=case_ref, seq=seq, prev_hash=prev, kind=kind, actor=actor, at=moment, data=data
        )
        digest = event_hash(leaf)
        cursor.execute(
            insert_sql,
            (case_ref, seq, kind, actor, _stored_time(db.vendor, moment), prev, digest, leaf),
        )
        event_id = cursor.fetchone()[0]
    finally:
        cursor.close()
    return AppendedEvent(
        id=event_id,
        case_ref=case_ref,
        seq=seq,
        kind=kind,
        actor=actor,
        occurred_at=moment,
        prev_hash=prev,
        event_hash=digest,
        leaf=leaf,
    )


_LAST_EVENT_SQL = (
    "SELECT seq, event_hash FROM ledger_event WHERE case_ref = %s ORDER BY seq DESC LIMIT 1"
)
_INSERT_SQL = (
    "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, "
    "leaf) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


def _stored_time(vendor: str, moment: dt.datetime) -> object:
    """The value Django would store for the datetime (naive UTC text on SQLite), cheaply."""
    if vendor == "sqlite":
        return str(moment.astimezone(dt.UTC).replace(tzinfo=None))
    return moment


_SQLITE_STATEMENTS = (_LAST_EVENT_SQL.replace("%s", "?"), _INSERT_SQL.replace("%s", "?"))


def _statements(vendor: str) -> tuple[str, str]:
    """The two statements in the driver's own parameter style (qmark for sqlite3)."""
    return _SQLITE_STATEMENTS if vendor == "sqlite" else (_LAST_EVENT_SQL, _INSERT_SQL)


def case_events(case_ref: str) -> list[Event]:
    """Every event of a case, in chain order."""
    return list(Event.objects.filter(case_ref=case_ref).order_by("seq"))
