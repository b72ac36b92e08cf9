"""A case's events as stored in the ledger, decoded: what every reader of event data uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nigraan.cases.events.base import CaseEvent
from nigraan.cases.events.registry import decode_event
from nigraan.ledger.append import case_events


@dataclass(frozen=True)
class RecordedEvent:
    """One event of a case with the leaf's header: number, actor, time and hash."""

    seq: int
    kind: str
    actor: str
    at: dt.datetime
    event_hash: str
    event: CaseEvent


def case_history(ref: str) -> list[RecordedEvent]:
    """Every event of a case, in chain order, typed."""
    history = []
    for row in case_events(ref):
        fields = row.fields
        history.append(
            RecordedEvent(
                seq=fields.seq,
                kind=fields.kind,
                actor=fields.actor,
                at=fields.occurred_at,
                event_hash=row.event_hash,
                event=decode_event(fields.kind, fields.data),
            )
        )
    return history
