"""Reads of security events, for the administrators' page and ``nigraan security events``."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from nigraan.security.models import SecurityEvent, SecurityEventKind


def security_events(
    *, kind: str = "", actor: str = "", since: dt.datetime | None = None
) -> QuerySet[SecurityEvent]:
    """Newest first; ``kind`` must be one of SecurityEventKind (an unknown one matches nothing)."""
    events = SecurityEvent.objects.order_by("-at", "-id")
    if kind:
        events = events.filter(kind=kind if kind in SecurityEventKind.values else "-")
    if actor:
        events = events.filter(actor=actor)
    if since is not None:
        events = events.filter(at__gte=since)
    return events


def describe(event: SecurityEvent) -> str:
    """The details as short ``name: value`` pairs (codes, counts, case references, paths)."""
    return ", ".join(f"{name}: {value}" for name, value in sorted(event.details.items()))
