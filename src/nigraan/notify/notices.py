"""Tell the people at an escalation level (in the staff pages, same transaction as the event)."""

from __future__ import annotations

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, covers, may
from nigraan.notify.models import StaffNotice


def notify_role(case, role: str, kind: str, text: str, key: str = "") -> int:
    """Create a notice for every active staff member with ``role`` whose jurisdiction covers the
    case, and queue an email to those with an address. Returns how many were told (0 means nobody
    holds that role there: itself worth seeing)."""
    from nigraan.notify.outbox import enqueue_email

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
            StaffNotice(staff=person, case=case, kind=kind, text=text[:300], created_at=now)
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


def notify_roles_everywhere(roles: list[str], kind: str, text: str, key: str = "") -> int:
    """Tell every active staff member holding one of ``roles``, whatever their jurisdiction,
    about something that concerns the whole system (an integrity alarm): a notice with no case,
    and an email to those with an address. Returns how many were told."""
    from nigraan.notify.outbox import enqueue_email

    people = list(Staff.objects.filter(role__in=roles, is_active=True))
    now = clock.now()
    StaffNotice.objects.bulk_create(
        [StaffNotice(staff=person, kind=kind, text=text[:300], created_at=now) for person in people]
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
