"""Reads for pages and figures. Nothing here appends events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import cases_visible_to
from nigraan.cases import projection as p
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import PROTECTED_FIELDS, Category, Stage
from nigraan.ledger.append import case_events


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


def _details(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What a timeline shows of an event: plain facts; protected values only as their names."""
    if kind == p.OPENED:
        return {
            "channel": data["channel"],
            "category": Category(data["category"]).label,
            "district": data.get("district") or "",
            "protected_fields": sorted(data.get("protected", {})),
        }
    if kind == p.FIELD_CORRECTED:
        shown = "(protected)" if data["field"] in PROTECTED_FIELDS else data["value"]
        return {"field": data["field"], "value": shown, "reason": data.get("reason", "")}
    if kind == p.STAGE_RECORDED:
        return {
            "stage": Stage(data["stage"]).label,
            "reason": data.get("reason", ""),
            "on": data.get("on", ""),
        }
    if kind == p.HEARING_RECORDED:
        return {"hearing": data["on"], "next": data.get("next", "")}
    if kind == p.VERDICT_RECORDED:
        from nigraan.cases.vocabulary import Outcome

        return {
            "outcome": Outcome(data["outcome"]).label,
            "accused_list": data["accused"],
            "on": data["on"],
        }
    if kind == p.DATE_CORRECTED:
        return {"corrected_event": data["seq"], "on": data["on"], "reason": data["reason"]}
    if kind in (p.NOTE_ADDED, p.REPORTER_MESSAGE, p.REPLY_TO_REPORTER):
        return {"note": "(protected)"}
    if kind == p.DEADLINE_ESCALATED:
        return {"deadline": data["deadline"], "to": data["to"], "level": data["level"]}
    if kind == p.ACCUSED_ADDED:
        return {"accused": data["number"], "relation": data["relation"]}
    if kind == p.CHARGE_RECORDED:
        return {"accused": data["accused"], "charge": data["offence"]}
    if kind == p.CUSTODY_CHANGED:
        return {"accused": data["number"], "custody": data["custody"], "reason": data["basis"]}
    return {key: value for key, value in data.items() if key != "protected"}


def timeline(ref: str) -> list[TimelineEntry]:
    """Every event of a case, in order, with who and when."""
    entries = []
    for event in case_events(ref):
        fields = event.fields
        entries.append(
            TimelineEntry(
                seq=event.seq,
                kind=event.kind,
                actor=event.actor,
                at=event.occurred_at,
                details=_details(event.kind, fields.data),
                event_hash=event.event_hash,
            )
        )
    return entries
