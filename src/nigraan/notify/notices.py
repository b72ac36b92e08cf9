"""Tell the people at an escalation level (in the staff pages, same transaction as the event).

A notice is stored as its kind and parameters (notice_words.py says it in the reader's language
when shown); its email carries English then Urdu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, CaseLike, covers, may
from nigraan.notify.models import StaffNotice
from nigraan.notify.notice_words import Notice, email, english_text
from nigraan.notify.outbox import enqueue_email


class NoticeCase(CaseLike, Protocol):
    """The case a notice is about: a ``cases.Case``, named by its shape because ``cases``
    imports ``notify`` (and not the other way round)."""

    @property
    def pk(self) -> int: ...


def notice_rows(staff_ids: list[int], case_id: int | None, notice: Notice) -> list[StaffNotice]:
    """The stored notices (unsaved), one per person: kind, parameters and the English words
    (put into words once for all of them)."""
    text, now = english_text(notice), clock.now()
    return [
        StaffNotice(
            staff_id=staff_id,
            case_id=case_id,
            kind=notice.kind,
            params=notice.params,
            text=text,
            created_at=now,
        )
        for staff_id in staff_ids
    ]


def _tell(people: list[Staff], case: NoticeCase | None, notice: Notice, key: str) -> int:
    """A notice for each person, and an email to those with an address."""
    case_id = None if case is None else case.pk
    StaffNotice.objects.bulk_create(notice_rows([person.pk for person in people], case_id, notice))
    emailed = [person for person in people if person.email and key]
    if emailed:
        subject, text = email(notice)
        for person in emailed:
            enqueue_email(
                to=person.email, subject=subject, text=text, key=f"{key}:{person.pk}"[:100]
            )
    return len(people)


def _active(role: str) -> Iterable[Staff]:
    return Staff.objects.filter(role=role, is_active=True).prefetch_related("jurisdictions")


def notify_role(case: NoticeCase, role: str, notice: Notice, key: str = "") -> int:
    """Create a notice for every active staff member with ``role`` whose jurisdiction covers the
    case, and queue an email to those with an address. Returns how many were told (0 means nobody
    holds that role there: itself worth seeing)."""
    people = [
        person
        for person in _active(role)
        if covers(person, case) and may(person, Action.VIEW_CASE, case)
    ]
    return _tell(people, case, notice, key)


def notify_role_about_cases(
    cases: Iterable[CaseLike], role: str, notice: Notice, key: str = ""
) -> int:
    """A notice about no single case (a bulk-read alert) for every active staff member with
    ``role`` whose jurisdiction covers at least one of ``cases``. Returns how many were told."""
    places = list(cases)
    people = [
        person
        for person in _active(role)
        if any(covers(person, place) and may(person, Action.VIEW_CASE, place) for place in places)
    ]
    return _tell(people, None, notice, key)


def notify_person(person: Staff, case: NoticeCase, notice: Notice, key: str = "") -> int:
    """A notice for one staff member (a case's owner), if they are still active and may still
    see the case; an email too when ``key`` is given. Returns 1 if told, 0 if not."""
    if not person.is_active or not may(person, Action.VIEW_CASE, case):
        return 0
    return _tell([person], case, notice, key)


def notify_roles_everywhere(roles: list[str], notice: Notice, key: str = "") -> int:
    """Tell every active staff member holding one of ``roles``, whatever their jurisdiction,
    about something that concerns the whole system (an integrity alarm): a notice with no case,
    and an email to those with an address. Returns how many were told."""
    people = list(Staff.objects.filter(role__in=roles, is_active=True))
    return _tell(people, None, notice, key)
