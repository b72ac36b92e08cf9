"""One command per change a reviewer makes to a press incident. Each checks the reviewer may
review press incidents of the incident's place, changes the incident and appends its event to the
ledger's ``PRESS`` chain in one transaction (under the same lock ingest joins incidents with, so a
review and an article joining never interleave)."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.accounts.permissions import Action, PermissionDenied
from nigraan.cases.actors import Actor, actor_name, require_permission
from nigraan.cases.commands.intake import open_case
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import AgeBand, Category, Channel, Gender
from nigraan.geo.places import place_index
from nigraan.ledger.append import append_event
from nigraan.media.incidents import attach
from nigraan.media.models import Incident, IncidentName, IncidentSource
from nigraan.media.review import events as pe
from nigraan.media.review.fields import FieldRefused, read_value

Status = Incident.Status
REVIEWER_STATUSES = (Status.NEEDS_REVIEW, Status.CONFIRMED, Status.NOT_RELEVANT)
# The guide's offence → the case's kind of incident, for a case opened from the press.
CATEGORY = {
    "murder_after_sexual_assault": Category.SEXUAL_ABUSE,
    "gang_rape": Category.SEXUAL_ABUSE,
    "rape": Category.SEXUAL_ABUSE,
    "sodomy": Category.SEXUAL_ABUSE,
    "sexual_assault": Category.SEXUAL_ABUSE,
    "attempted_rape": Category.ATTEMPTED_ABUSE,
    "pornography_blackmail": Category.ONLINE_ABUSE,
    "harassment": Category.HARASSMENT,
    "abduction": Category.MISSING_CHILD,
}


class ReviewRefused(ValueError):
    """A change that cannot be made (the message says why, for the reviewer)."""


def _grace() -> dt.timedelta:
    return dt.timedelta(days=settings.NIGRAAN_PRESS_UNLINKED_DAYS)


def _locked(actor: Actor, incident_id: int) -> Incident:
    attach._lock()
    incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
    if incident is None:
        raise ReviewRefused(_("There is no such press incident."))
    require_permission(actor, Action.REVIEW_PRESS, incident)
    if incident.status == Status.MERGED:
        raise ReviewRefused(_("This incident was merged into another: review that one."))
    return incident


def _record(actor: Actor, event: pe.PressEvent, now: dt.datetime) -> None:
    append_event(
        case_ref=pe.PRESS_CHAIN, kind=event.kind, actor=actor_name(actor), data=event.data(), at=now
    )


@transaction.atomic
def set_status(actor: Actor, incident_id: int, status: str, reason: str = "") -> Incident:
    """Confirm an incident, set it aside as not relevant, or send it back for review. A confirmed
    incident with no case is escalated after NIGRAAN_PRESS_UNLINKED_DAYS."""
    if status not in REVIEWER_STATUSES:
        raise ReviewRefused(_("Choose needs review, confirmed or not relevant."))
    incident = _locked(actor, incident_id)
    now = clock.now()
    incident.status = status
    if status == Status.CONFIRMED:
        incident.confirmed_at = incident.confirmed_at or now
        if not incident.case_ref and incident.escalation_level == 0:
            incident.next_escalation_at = incident.confirmed_at + _grace()
    else:
        incident.next_escalation_at = None
    incident.updated_at = now
    incident.save()
    _record(actor, pe.StatusSet(incident=incident.pk, status=status, reason=reason[:500]), now)
    return incident


@transaction.atomic
def edit_field(actor: Actor, incident_id: int, field: str, text: str) -> Incident:
    """Correct one field; the reviewer's value wins over every source, now and later."""
    incident = _locked(actor, incident_id)
    try:
        value = read_value(field, text)
    except FieldRefused as refused:
        raise ReviewRefused(str(refused)) from None
    changes: dict[str, object] = {field: value}
    if field == "district_code" and value:
        place = place_index().district(str(value))
        if place is None:
            raise ReviewRefused(_("That is not a district code of the geography."))
        changes.update(
            district=place.district_name,
            province=place.province_name or "",
            geo_precision=min(incident.geo_precision or 2, 2),
        )
    now = clock.now()
    incident.overrides = {**incident.overrides, **changes}
    for name, new in changes.items():
        setattr(incident, name, "" if new is None and name in attach._TEXT_FIELDS else new)
    incident.updated_at = now
    incident.save()
    _record(actor, pe.FieldEdited(incident=incident.pk, field=field, value=json.dumps(value)), now)
    return incident


@transaction.atomic
def merge(actor: Actor, incident_id: int, into_id: int) -> Incident:
    """The two incidents are one event: the sources of the first join the second, which keeps
    its own review; the first is ``merged`` and points to it."""
    if incident_id == into_id:
        raise ReviewRefused(_("An incident cannot be merged into itself."))
    incident = _locked(actor, incident_id)
    target = _locked(actor, into_id)
    now = clock.now()
    IncidentSource.objects.filter(incident=incident).update(incident=target)
    for name in IncidentName.objects.filter(incident=incident).values_list("name", flat=True):
        IncidentName.objects.get_or_create(incident=target, name=name)
    if incident.case_ref and not target.case_ref:
        target.case_ref = incident.case_ref
        target.next_escalation_at = None
    target.save()
    attach._refresh(target, now)
    incident.status = Status.MERGED
    incident.merged_into = target
    incident.next_escalation_at = None
    incident.updated_at = now
    incident.save()
    _record(actor, pe.Merged(incident=incident.pk, into=target.pk), now)
    return target


def _link(actor: Actor, incident: Incident, case: Case, *, opened: bool) -> Incident:
    now = clock.now()
    incident.case_ref = case.ref
    incident.next_escalation_at = None
    incident.updated_at = now
    incident.save()
    _record(actor, pe.Linked(incident=incident.pk, case=case.ref, opened=opened), now)
    return incident


@transaction.atomic
def link_case(actor: Actor, incident_id: int, case_ref: str) -> Incident:
    """The incident is this case (one the reviewer may see): it leaves the unlinked list."""
    incident = _locked(actor, incident_id)
    case = Case.objects.filter(ref=case_ref.strip()).first()
    if case is None:
        raise ReviewRefused(_("There is no case with that reference."))
    try:
        require_permission(actor, Action.VIEW_CASE, case)
    except PermissionDenied:
        raise ReviewRefused(_("There is no case with that reference.")) from None
    return _link(actor, incident, case, opened=False)


def _age_band(ages: list[int]) -> str:
    if len(ages) != 1:
        return AgeBand.UNKNOWN
    age = ages[0]
    bands = ((5, AgeBand.UNDER_5), (10, AgeBand.FROM_5), (15, AgeBand.FROM_10))
    return next(
        (band for below, band in bands if age < below),
        AgeBand.FROM_15 if age < 18 else AgeBand.ADULT,
    )


@transaction.atomic
def open_case_from(actor: Actor, incident_id: int) -> Case:
    """Open a case from the incident (channel ``press``), with its place, kind, age and gender
    (nothing protected: the press named no one the case needs), and link it."""
    incident = _locked(actor, incident_id)
    if incident.case_ref:
        raise ReviewRefused(_("This incident already has a case."))
    genders = set(incident.victim_genders)
    case = open_case(
        actor,
        channel=Channel.PRESS,
        category=CATEGORY.get(incident.offence, Category.OTHER),
        district_code=incident.district_id,
        province_code=incident.province_id,
        victim_age_band=_age_band(list(incident.victim_ages)),
        victim_gender=genders.pop() if len(genders) == 1 else Gender.UNKNOWN,
    )
    _link(actor, incident, case, opened=True)
    return case
