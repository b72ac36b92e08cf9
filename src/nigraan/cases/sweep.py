"""The deadline sweep: every missed deadline escalates one level up its chain, once per level.
Run by the worker every minute and by ``nigraan deadlines sweep``."""

from __future__ import annotations

import datetime as dt

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases.actors import SystemActor
from nigraan.cases.commands import escalate_deadline, warn_deadline
from nigraan.cases.models import Deadline

SWEEPER = SystemActor("deadlines", frozenset({Action.ESCALATE_DEADLINE}))
BATCH = 1000


def sweep(now: dt.datetime | None = None) -> int:
    """Escalate everything due by ``now``; returns how many escalations were made. A deadline
    that is many levels behind (the sweep did not run for a while) climbs one level per pass,
    and passes repeat until nothing is due, so each level is reached exactly once."""
    now = now or clock.now()
    escalated = 0
    while True:
        due = list(
            Deadline.objects.filter(
                next_escalation_at__lte=now, met_at__isnull=True, stopped=False, case__is_open=True
            )
            .order_by("next_escalation_at", "id")
            .values_list("id", flat=True)[:BATCH]
        )
        made = sum(1 for deadline_id in due if escalate_deadline(SWEEPER, deadline_id, now=now))
        escalated += made
        if made == 0:
            break
    warn(now)
    return escalated


def warn(now: dt.datetime | None = None) -> int:
    """Tell people of deadlines coming soon (rules with ``warn_before``), once each."""
    now = now or clock.now()
    told = 0
    while True:
        due = list(
            Deadline.objects.filter(warn_at__lte=now, warned=False)
            .order_by("warn_at", "id")
            .values_list("id", flat=True)[:BATCH]
        )
        if not due:
            return told
        told += sum(1 for deadline_id in due if warn_deadline(deadline_id, now=now))
