"""Tell the people at an escalation level (in the staff pages, same transaction as the event)."""

from __future__ import annotations

from typing import Protocol

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, CaseLike, covers, may
from nigraan.notify.models import StaffNotice
from nigraan.notify.outbox import enqueue_email


class NoticeCase(CaseLike, Protocol):
    """The case a notice is about: a ``cases.Case``, named by its shape because ``cases``
    imports ``notify`` (and not the other way round)."""

    @property
    def pk(self) -> int: ...


def notify_role(case: NoticeCase, role: str, kind: str, text: str, key: str = "") -> int:
    """Create a notice for every active staff member with ``role`` whose jurisdiction covers the
    case, and queue an email to those with an address. Returns how many were told (0 means nobody
    holds that role there: itself worth seeing)."""
    people = [
        person
        for person in Staff.objects.filter(role=role, is_active=True).prefetch_related(
            "jurisdictions"
        )
        if covers(person, case) and may(person, Action.VIEW_CASE, case)
    ]
    now = clock.now()
    StaffNotice.objects.bulk_create(
        [
            StaffNotice(staff=person, case_id=case.pk, kind=kind, text=text[:300], created_at=now)
            for person in people
        ]
    )
    for person in people:
        if person.email and key:
            enqueue_email(
                to=person.email,
                subject=f"Nigraan: {text[:80]}",
                text=text,
                key=f"{key}:{person.pk}"[:100],
            )
    return len(people)
