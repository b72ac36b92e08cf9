"""Reads for pages and figures. Nothing here appends events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy
from msgspec import UNSET

from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import cases_visible_to
from nigraan.cases import events as ev
from nigraan.cases.models import Case
from nigraan.cases.offences import closure_reason_title
from nigraan.cases.rules import current_rules
from nigraan.cases.vocabulary import (
    PROTECTED_FIELDS,
    AgeBand,
    Category,
    Custody,
    Gender,
    Outcome,
    ProtectedField,
    Stage,
)
from nigraan.geo.models import District


def visible_cases(
    staff: Staff, *, stage: str = "", district: str = "", ref: str = "", open_only: bool = False
) -> QuerySet[Case]:
    """The cases a staff member may see, newest first, filtered as asked."""
    cases = Case.objects.filter(cases_visible_to(staff)).select_related(
        "district", "province", "owner"
    )
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    if district:
        cases = cases.filter(district_id=district)
    if ref:
        cases = cases.filter(ref__iexact=ref.strip())
    if open_only:
        cases = cases.filter(is_open=True)
    return cases.order_by("-opened_at", "-id")


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    kind: str
    actor: str
    at: Any
    details: dict[str, Any]
    event_hash: str


PROTECTED_NOTE = "(protected)"


def _opened(event: ev.CaseOpened) -> dict[str, Any]:
    return {
        "channel": event.channel,
        "category": Category(event.category).label,
        "district": event.district or "",
        "protected_fields": sorted(event.protected),
    }


# A corrected field by the name its page gives it; plain values by their labels, not codes.
_FIELD_LABELS: dict[str, Any] = {
    "category": gettext_lazy("Kind of incident"),
    "district": gettext_lazy("District"),
    "victim_age_band": gettext_lazy("Age"),
    "victim_gender": gettext_lazy("Gender"),
    **dict(ProtectedField.choices),
}
_VALUE_LABELS: dict[str, type[TextChoices]] = {
    "category": Category,
    "victim_age_band": AgeBand,
    "victim_gender": Gender,
}


def _corrected_value(field: str, value: str | None) -> Any:
    if field in PROTECTED_FIELDS:
        return PROTECTED_NOTE
    if value and field in _VALUE_LABELS:
        return dict(_VALUE_LABELS[field].choices).get(value, value)
    if value and field == "district":
        district = District.objects.filter(code=value).first()
        if district:
            return district.name_ur if translation.get_language() == "ur" else district.name_en
    return value


def _field_corrected(event: ev.FieldCorrected) -> dict[str, Any]:
    return {
        "field": _FIELD_LABELS.get(event.field, event.field),
        "value": _corrected_value(event.field, event.value),
        "reason": event.reason,
    }


def _stage_recorded(event: ev.StageRecorded) -> dict[str, Any]:
    on = "" if event.on is UNSET else event.on
    details = {"stage": Stage(event.stage).label, "reason": event.reason, "on": on}
    if event.approves is not UNSET:
        details["approves"] = event.approves
    return details


def _verdict_recorded(event: ev.VerdictRecorded) -> dict[str, Any]:
    return {
        "outcome": Outcome(event.outcome).label,
        "accused_list": list(event.accused),
        "on": event.on,
    }


def _deadline_escalated(event: ev.DeadlineEscalated) -> dict[str, Any]:
    """The missed deadline by its title and the role told by its name, in the page's language
    (not "missing_child_fir → oversight (3)")."""
    rule = current_rules().rule(event.deadline)
    title = event.deadline
    if rule:
        urdu = translation.get_language() == "ur" and rule.title_ur
        title = rule.title_ur if urdu else rule.title
    return {
        "deadline": title,
        "to": dict(Role.choices).get(event.to, event.to),
        "level": event.level,
    }


def _sealed(event: ev.CaseEvent) -> dict[str, Any]:
    return {"note": PROTECTED_NOTE}


def _all_fields(event: ev.CaseEvent) -> dict[str, Any]:
    return ev.encode_event(event)


# What a timeline shows of each kind: plain facts; protected values only as their names.
_DETAILS: dict[type[ev.CaseEvent], Callable[[Any], dict[str, Any]]] = {
    ev.CaseOpened: _opened,
    ev.CaseAssigned: _all_fields,
    ev.NoteAdded: _sealed,
    ev.FieldCorrected: _field_corrected,
    ev.StageRecorded: _stage_recorded,
    ev.ProtectedDataRead: _all_fields,
    ev.CaseShredded: _all_fields,
    ev.ReporterMessage: _sealed,
    ev.ReplyToReporter: _sealed,
    ev.DeadlineEscalated: _deadline_escalated,
    ev.AccusedAdded: lambda e: {"accused": e.number, "relation": e.relation},
    ev.CustodyChanged: lambda e: {
        "accused": e.number,
        "custody": dict(Custody.choices).get(e.custody, e.custody),
        "reason": e.basis,
    },
    ev.ChargeRecorded: lambda e: {"accused": e.accused, "charge": e.offence},
    ev.CaseReferred: _all_fields,
    ev.ReferralUpdated: _all_fields,
    ev.HearingRecorded: lambda e: {"hearing": e.on, "next": e.next},
    ev.VerdictRecorded: _verdict_recorded,
    ev.LegalBasisRecorded: lambda e: {"reason": e.basis},
    ev.DateCorrected: lambda e: {"corrected_event": e.seq, "on": e.on, "reason": e.reason},
    ev.ClosureRequested: lambda e: {
        "stage": closure_reason_title(e.reason_code),
        "reason": e.reason,
    },
    ev.ClosureRefused: lambda e: {"reason": e.reason},
    ev.ShredRequested: lambda e: {"reason": e.reason},
    ev.ProjectionRepaired: lambda e: {"differed": ", ".join(e.differences), "reason": e.reason},
    # Alerts: the alert's reference and counts; the drafted texts stay sealed in the event.
    ev.AlertDrafted: lambda e: {"alert": e.alert},
    ev.AlertApproved: lambda e: {"alert": e.alert, "criteria": e.criteria},
    ev.AlertIssued: lambda e: {"alert": e.alert, "radius_km": e.radius_km, "sms": e.queued},
    ev.AlertResolved: lambda e: {"alert": e.alert, "sms": e.queued},
    ev.AlertUpdated: lambda e: {"alert": e.alert, "radius_km": e.radius_km, "sms": e.queued},
    ev.AlertCancelled: lambda e: {"alert": e.alert, "reason": e.reason, "sms": e.queued},
    ev.AlertExpired: lambda e: {"alert": e.alert},
    ev.PoliceContacted: lambda e: {"how": e.how},
}


def _details(event: ev.CaseEvent) -> dict[str, Any]:
    """What a timeline shows of an event."""
    return _DETAILS[type(event)](event)


def timeline(ref: str) -> list[TimelineEntry]:
    """Every event of a case, in order, with who and when."""
    return [
        TimelineEntry(
            seq=recorded.seq,
            kind=recorded.kind,
            actor=recorded.actor,
            at=recorded.at,
            details=_details(recorded.event),
            event_hash=recorded.event_hash,
        )
        for recorded in ev.case_history(ref)
    ]
