"""The bulk-read alert: one person reading many cases' protected details in a short time is how
an insider copies victims' names out. ``NIGRAAN_BULK_READ_LIMIT`` reads (default 50) within
``NIGRAAN_BULK_READ_WINDOW_MINUTES`` (default 10) by one person raise a security event and a
notice (and email) to oversight for the places read, once per window per person.

It reads the ledger's ``case.protected_read`` events (every protected read is one, committed with
the read itself) and the security events (the alerts already raised). The worker runs it every
minute (``tasks.detect_bulk_reads``); a run is cheap: it reads only the newest ledger rows, back
to the start of the window, by primary key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.cases.models import Case
from nigraan.ledger.models import Event
from nigraan.notify.notice_words import Notice
from nigraan.notify.notices import notify_role_about_cases
from nigraan.security import events
from nigraan.security.models import SecurityEvent, SecurityEventKind

# The ledger kind of a protected read (cases/projection.py PROTECTED_READ). Written here as the
# stored string: the alert reads history, and stored kinds never change.
PROTECTED_READ = "case.protected_read"
SCAN_BATCH = 2000


@dataclass(frozen=True)
class BulkReadRule:
    limit: int
    window: dt.timedelta

    @classmethod
    def from_settings(cls) -> BulkReadRule:
        return cls(
            limit=settings.NIGRAAN_BULK_READ_LIMIT,
            window=dt.timedelta(minutes=settings.NIGRAAN_BULK_READ_WINDOW_MINUTES),
        )


@dataclass
class Reads:
    count: int = 0
    cases: set[str] = field(default_factory=set)


def protected_reads_since(since: dt.datetime) -> dict[str, Reads]:
    """Protected reads by each person since ``since``, newest ledger rows first, stopping at the
    first row older than the window (rows are numbered in commit order)."""
    reads: dict[str, Reads] = defaultdict(Reads)
    below: int | None = None
    while True:
        rows = Event.objects.order_by("-id")
        if below is not None:
            rows = rows.filter(id__lt=below)
        batch = list(
            rows.values_list("id", "kind", "actor", "case_ref", "occurred_at")[:SCAN_BATCH]
        )
        for row_id, kind, actor, case_ref, occurred_at in batch:
            if occurred_at < since:
                return dict(reads)
            below = row_id
            if kind == PROTECTED_READ and not actor.startswith("system:"):
                reads[actor].count += 1
                reads[actor].cases.add(case_ref)
        if len(batch) < SCAN_BATCH:
            return dict(reads)


def _already_alerted(actor: str, since: dt.datetime) -> bool:
    return SecurityEvent.objects.filter(
        kind=SecurityEventKind.BULK_READ_ALERT, actor=actor, at__gte=since
    ).exists()


def detect_bulk_reads(rule: BulkReadRule | None = None) -> int:
    """Raise an alert for each person over the limit who has not had one this window. Returns
    how many alerts were raised."""
    rule = rule or BulkReadRule.from_settings()
    since = clock.now() - rule.window
    raised = 0
    for actor, reads in sorted(protected_reads_since(since).items()):
        if reads.count < rule.limit or _already_alerted(actor, since):
            continue
        minutes = int(rule.window.total_seconds() // 60)
        with transaction.atomic():
            alert = events.record(
                SecurityEventKind.BULK_READ_ALERT,
                actor=actor,
                reads=reads.count,
                cases=len(reads.cases),
                window_minutes=minutes,
            )
            notice = Notice(
                "bulk_read_alert",
                {
                    "actor": actor,
                    "reads": reads.count,
                    "cases": len(reads.cases),
                    "minutes": minutes,
                },
            )
            places = list(Case.objects.filter(ref__in=reads.cases).only("district", "province"))
            notify_role_about_cases(
                places,
                Role.OVERSIGHT,
                notice,
                key=f"bulk-read:{alert.pk}",
            )
        raised += 1
    return raised
