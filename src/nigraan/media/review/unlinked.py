"""Confirmed press incidents that stay without a case: listed per district once
NIGRAAN_PRESS_UNLINKED_DAYS have passed since confirmation, and escalated like a missed deadline
(a notice to the district's child-protection officer, then, as many days later, to oversight),
each escalation an event on the ``PRESS`` chain."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from nigraan import clock
from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import Action, covers, may
from nigraan.cases.actors import SystemActor, require_permission
from nigraan.geo.models import District, Province
from nigraan.media.incidents import attach
from nigraan.media.models import Incident
from nigraan.media.review import events as pe
from nigraan.media.review.commands import _record
from nigraan.notify.notice_words import Notice
from nigraan.notify.notices import notify_role_about_cases

SWEEPER = SystemActor("press-sweep", frozenset({Action.ESCALATE_DEADLINE}))
# Who is told at each level, as a missed deadline climbs its chain.
LEVELS = (Role.DISTRICT_OFFICER, Role.OVERSIGHT)


def _grace() -> dt.timedelta:
    return dt.timedelta(days=settings.NIGRAAN_PRESS_UNLINKED_DAYS)


def unlinked(now: dt.datetime | None = None) -> QuerySet[Incident]:
    """Confirmed incidents with no case, confirmed at least N days before ``now``."""
    moment = now or clock.now()
    return Incident.objects.filter(
        status=Incident.Status.CONFIRMED, case_ref="", confirmed_at__lte=moment - _grace()
    ).order_by("confirmed_at", "pk")


def unlinked_by_district(staff: Staff, now: dt.datetime | None = None) -> list[tuple[str, list]]:
    """The list a reviewer sees: their places' unlinked incidents, grouped by district."""
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in unlinked(now):
        if may(staff, Action.REVIEW_PRESS) and covers(staff, incident):
            groups[incident.district or incident.province or "—"].append(incident)
    return sorted(groups.items())


def _place(incident: Incident) -> tuple[str, str]:
    """Where the incident is, in English and Urdu (the gazetteer's names; the press's own words
    when the place is not a known district or province)."""
    district = District.objects.filter(code=incident.district_code).first()
    if district is not None:
        return district.name_en, district.name_ur
    province = Province.objects.filter(name_en__iexact=incident.province).first()
    if not incident.district and province is not None:
        return province.name_en, province.name_ur
    return incident.district or incident.province, ""


def _notice(incident: Incident, days: int) -> Notice:
    place, place_ur = _place(incident)
    return Notice(
        "press_unlinked",
        {"incident": incident.pk, "days": days, "place": place, "place_ur": place_ur},
    )


@transaction.atomic
def escalate(incident_id: int, now: dt.datetime) -> bool:
    """One level up for one incident, if it is still due: the notices, the event and the new
    level commit together. Returns whether it escalated."""
    require_permission(SWEEPER, Action.ESCALATE_DEADLINE, None)
    attach._lock()
    incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
    if (
        incident is None
        or incident.status != Incident.Status.CONFIRMED
        or incident.case_ref
        or incident.next_escalation_at is None
        or incident.next_escalation_at > now
        or incident.escalation_level >= len(LEVELS)
    ):
        return False
    level = incident.escalation_level + 1
    role = LEVELS[level - 1]
    days = (now - incident.confirmed_at).days if incident.confirmed_at else 0
    told = notify_role_about_cases(
        [incident],
        role,
        _notice(incident, days),
        key=f"press:{incident.pk}:{level}",
    )
    incident.escalation_level = level
    incident.next_escalation_at = now + _grace() if level < len(LEVELS) else None
    incident.save(update_fields=["escalation_level", "next_escalation_at"])
    _record(SWEEPER, pe.Escalated(incident=incident.pk, level=level, to=role, told=told), now)
    return True


def sweep(now: dt.datetime | None = None) -> int:
    """Escalate every confirmed incident whose time without a case ran out. Returns how many
    escalations were made (each incident climbs at most one level per sweep)."""
    moment = now or clock.now()
    due = Incident.objects.filter(
        status=Incident.Status.CONFIRMED, case_ref="", next_escalation_at__lte=moment
    ).values_list("pk", flat=True)
    return sum(escalate(pk, moment) for pk in list(due))
