"""The one way an event enters the ledger: ``append_event``, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from nigraan import clock
from nigraan.ledger.encoding import GENESIS_HASH, encode_leaf, event_hash
from nigraan.ledger.models import Event


class NotInTransaction(RuntimeError):
    pass


def append_event(
    *, case_ref: str, kind: str, actor: str, data: dict[str, Any], at: dt.datetime | None = None
) -> Event:
    """Append one event to a case's hash chain. Must run inside ``transaction.atomic()`` so the
    event commits together with the projection it changes, or not at all.

    Concurrent appends to the same case are serialised by the caller locking the case row; the
    unique (case_ref, seq) constraint is the backstop that refuses a forked chain.
    """
    if not connection.in_atomic_block:
        raise NotInTransaction("append_event must be called inside transaction.atomic()")
    moment = at or clock.now()
    # Raw SQL on the hot path: appending must stay within a small factor of a plain insert.
    with connection.cursor() as cursor:
        cursor.execute(_LAST_EVENT_SQL, [case_ref])
        last = cursor.fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        leaf = encode_leaf(
            case_ref=case_ref, seq=seq, prev_hash=prev, kind=kind, actor=actor, at=moment, data=data
        )
        digest = event_hash(leaf)
        cursor.execute(
            _INSERT_SQL,
            [case_ref, seq, kind, actor, connection.ops.adapt_datetimefield_value(moment), prev, digest, leaf],
        )
        event_id = cursor.fetchone()[0]
    event = Event(
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
    event._state.adding = False
    event._state.db = connection.alias
    return event


_LAST_EVENT_SQL = "SELECT seq, event_hash FROM ledger_event WHERE case_ref = %s ORDER BY seq DESC LIMIT 1"
_INSERT_SQL = (
    "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, event_hash, leaf) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


def case_events(case_ref: str) -> list[Event]:
    """Every event of a case, in chain order."""
    return list(Event.objects.filter(case_ref=case_ref).order_by("seq"))
