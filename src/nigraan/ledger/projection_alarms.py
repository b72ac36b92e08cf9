"""The worker's continuous re-check of projections (``nigraan.tasks.check_projections``).

Each run compares the cases the registered checks choose (recently changed ones and a rolling
share of all) with their events. A difference raises the integrity alarm once per case and
distinct difference (a ``ProjectionAlarm`` row remembers it, so a tampered case does not notify
everyone at every run) and opens the banner on the case's page; a case found equal again has its
open alarms cleared.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.ledger.alarm import raise_integrity_alarm
from nigraan.ledger.models import ProjectionAlarm
from nigraan.ledger.projection_checks import Mismatch, registered


def _alarm_once(mismatch: Mismatch, now: dt.datetime) -> bool:
    """Record the difference and raise the alarm, unless this difference was raised before."""
    known = ProjectionAlarm.objects.filter(
        case_ref=mismatch.case_ref, fingerprint=mismatch.fingerprint
    ).first()
    if known is not None and known.cleared_at is None:
        return False  # raised already, still open: no second notice
    try:
        with transaction.atomic():
            if known is not None:  # repaired, then changed the same way again: a new alarm
                alarm = known
                alarm.cleared_at, alarm.raised_at = None, now
                alarm.save(update_fields=["cleared_at", "raised_at"])
            else:
                alarm = ProjectionAlarm.objects.create(
                    case_ref=mismatch.case_ref,
                    table=mismatch.table,
                    field=mismatch.field[:200],
                    fingerprint=mismatch.fingerprint,
                    raised_at=now,
                )
            # The text names the case, table and field only: never a stored value.
            raise_integrity_alarm(
                "projection",
                {"ref": mismatch.case_ref, "table": mismatch.table, "field": mismatch.field[:100]},
                key=f"projection:{mismatch.case_ref}:{alarm.pk}:{now.timestamp():.0f}",
            )
    except IntegrityError:  # another worker raised it at the same moment
        return False
    return True


def recheck_projections(now: dt.datetime | None = None) -> dict[str, int]:
    """One round of the worker's re-check. Returns counts: cases checked, differences found,
    alarms raised (new differences), alarms cleared."""
    now = now or clock.now()
    counts = {"checked": 0, "differ": 0, "alarms": 0, "cleared": 0}
    checks = registered()
    claimed = {table for check in checks for table in getattr(check, "tables", ())}
    for check in checks:
        refs = check.due_for_recheck(now)
        if not refs:
            continue
        report = check.check(refs)
        counts["checked"] += report.cases
        counts["differ"] += len(report.mismatches)
        differing = {m.case_ref for m in report.mismatches}
        # A check clears only the alarms of the tables it compares: a case equal to its events
        # in one check may still differ in another's table.
        own = getattr(check, "tables", ())
        mine = ProjectionAlarm.objects.filter(cleared_at__isnull=True)
        mine = mine.filter(table__in=own) if own else mine.exclude(table__in=claimed)
        for mismatch in report.mismatches:
            counts["alarms"] += _alarm_once(mismatch, now)
            mine.filter(case_ref=mismatch.case_ref).exclude(
                fingerprint=mismatch.fingerprint
            ).update(cleared_at=now)
        checked = set(report.checked)
        alarmed = set(mine.values_list("case_ref", flat=True))
        equal = sorted((alarmed & checked) - differing)
        counts["cleared"] += mine.filter(case_ref__in=equal).update(cleared_at=now)
    return counts


def open_alarms(case_ref: str) -> list[ProjectionAlarm]:
    """The differences a case's page warns of (none once it is repaired and re-checked)."""
    return list(
        ProjectionAlarm.objects.filter(case_ref=case_ref, cleared_at__isnull=True).order_by(
            "raised_at"
        )
    )
