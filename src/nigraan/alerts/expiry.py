"""An alert whose time runs out: the worker's sweep (``tasks.expire_alerts``) records
``case.alert_expired``, sets the alert's state, and tells the case team, so that an alert for a
child still missing is seen to have ended and can be re-issued (``workflow.update_alert``).

Exactly once however many workers sweep: each alert is expired in its own transaction that
first locks the case (PostgreSQL: row lock; SQLite: ``BEGIN IMMEDIATE``, the one write lock) and
then re-reads the alert's state, so a second sweeper finds it expired and does nothing.

No CAP message is issued: CAP's ``expires`` already tells every reader when the alert ends, and
a message saying so would reach subscribers with nothing for them to do (docs/alerts.md).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.accounts.permissions import Action
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.cases import events as ev
from nigraan.cases.actors import SystemActor, require_permission
from nigraan.cases.commands import lock_case, record_event
from nigraan.cases.models import Case
from nigraan.notify.notice_words import Notice
from nigraan.notify.notices import notify_person, notify_role

# Expiry acts on time, like the deadline sweep: the same system-only permission.
EXPIRER = SystemActor("alert-expiry", frozenset({Action.ESCALATE_DEADLINE}))
NOTICE_KIND = "alert_expired"
BATCH = 200


def expire_alerts(now: dt.datetime | None = None) -> int:
    """Expire every active alert whose ``expires`` has passed; returns how many this run did."""
    now = now or clock.now()
    expired = 0
    while True:
        due = list(
            PublishedAlert.objects.filter(state=AlertState.ACTIVE, expires__lte=now)
            .order_by("expires", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        made = sum(1 for pk in due if expire_alert(pk, now=now))
        expired += made
        if made < BATCH:
            return expired


@transaction.atomic
def expire_alert(pk: int, *, now: dt.datetime) -> bool:
    """Expire one alert if it is still active and past its time. Returns whether it did."""
    ref = PublishedAlert.objects.filter(pk=pk).values_list("case_ref", flat=True).first()
    if ref is None:
        return False
    case = lock_case(ref)
    require_permission(EXPIRER, Action.ESCALATE_DEADLINE, case)
    row = PublishedAlert.objects.select_for_update().get(pk=pk)
    if row.state != AlertState.ACTIVE or row.expires is None or row.expires > now:
        return False
    row.state = AlertState.EXPIRED
    row.save(update_fields=["state"])
    event = ev.AlertExpired(alert=row.reference, identifier=row.cap_identifier)
    case = record_event(case, ref, EXPIRER, event)
    _tell_case_team(case, row)
    return True


def _tell_case_team(case: Case, row: PublishedAlert) -> int:
    notice = Notice(NOTICE_KIND, {"ref": case.ref, "alert": row.reference})
    key = f"alert-expired:{row.reference}:{row.cap_identifier}"
    told = notify_role(case, Role.SUPERVISOR, notice, key=key)
    told += notify_role(case, Role.DISTRICT_OFFICER, notice, key=key)
    if case.owner is not None and case.owner.role not in (Role.SUPERVISOR, Role.DISTRICT_OFFICER):
        told += notify_person(case.owner, case, notice, key=key)
    return told
