"""How events become a case's current state.

``apply_event`` is the only place that knows what each event kind does to a case. Commands
use it to update the stored projection in the same transaction as the event; ``rebuild``
folds a case's events from the ledger to prove the stored projection is exactly their result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from nigraan.cases.models import Case
from nigraan.cases.vocabulary import PROTECTED_FIELDS, Stage
from nigraan.ledger.append import case_events

OPENED = "case.opened"
ASSIGNED = "case.assigned"
NOTE_ADDED = "case.note_added"
FIELD_CORRECTED = "case.field_corrected"
STAGE_RECORDED = "case.stage_recorded"
PROTECTED_READ = "case.protected_read"
SHREDDED = "case.shredded"
REPORTER_MESSAGE = "case.reporter_message"
REPLY_TO_REPORTER = "case.reply_to_reporter"
DEADLINE_ESCALATED = "case.deadline_escalated"
ACCUSED_ADDED = "case.accused_added"
CUSTODY_CHANGED = "case.custody_changed"
CHARGE_RECORDED = "case.charge_recorded"
REFERRED = "case.referred"
REFERRAL_UPDATED = "case.referral_updated"
HEARING_RECORDED = "case.hearing_recorded"
VERDICT_RECORDED = "case.verdict_recorded"
DATE_CORRECTED = "case.date_corrected"

EVENT_KINDS = (
    OPENED,
    ASSIGNED,
    NOTE_ADDED,
    FIELD_CORRECTED,
    STAGE_RECORDED,
    PROTECTED_READ,
    SHREDDED,
    REPORTER_MESSAGE,
    REPLY_TO_REPORTER,
    DEADLINE_ESCALATED,
    ACCUSED_ADDED,
    CUSTODY_CHANGED,
    CHARGE_RECORDED,
    REFERRED,
    REFERRAL_UPDATED,
    HEARING_RECORDED,
    VERDICT_RECORDED,
    DATE_CORRECTED,
)


@dataclass(frozen=True)
class CaseState:
    ref: str
    channel: str
    category: str
    stage: str
    is_open: bool
    province: str | None
    district: str | None
    victim_age_band: str
    victim_gender: str
    owner: str | None
    opened_at: dt.datetime
    updated_at: dt.datetime
    protected: dict[str, str] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    note_count: int = 0
    accused: tuple = ()
    charges: tuple = ()
    flagged: bool = False
    referrals: tuple = ()
    court: dict[str, Any] = field(default_factory=dict)
    is_shredded: bool = False
    last_seq: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ProjectionError(ValueError):
    pass


def apply_event(
    state: CaseState | None, *, ref: str, seq: int, kind: str, at: dt.datetime, data: dict
) -> CaseState:
    """Return the state after one event. Pure: no database access."""
    if kind == OPENED:
        if state is not None:
            raise ProjectionError(f"case {ref} is opened twice")
        return CaseState(
            ref=ref,
            channel=data["channel"],
            category=data["category"],
            stage=Stage.RECEIVED.value,
            is_open=True,
            province=data.get("province"),
            district=data.get("district"),
            victim_age_band=data["victim_age_band"],
            victim_gender=data["victim_gender"],
            owner=None,
            opened_at=at,
            updated_at=at,
            protected=dict(data.get("protected", {})),
            report=dict(data.get("report", {})),
            last_seq=seq,
        )
    if state is None:
        raise ProjectionError(f"event {kind} on case {ref} before it was opened")
    state = replace(state, updated_at=at, last_seq=seq)
    if kind == ASSIGNED:
        stage = (
            Stage.ASSIGNED.value if state.stage in (Stage.RECEIVED, Stage.TRIAGED) else state.stage
        )
        return replace(state, owner=data["owner"], stage=stage)
    if kind == NOTE_ADDED:
        return replace(state, note_count=state.note_count + 1)
    if kind == FIELD_CORRECTED:
        name, value = data["field"], data["value"]
        if name in PROTECTED_FIELDS:
            protected = dict(state.protected)
            if value is None:
                protected.pop(name, None)
            else:
                protected[name] = value
            return replace(state, protected=protected)
        if name == "district":
            return replace(state, district=value, province=data.get("province"))
        return replace(state, **{name: value})
    if kind == STAGE_RECORDED:
        stage = data["stage"]
        flagged = state.flagged or bool(data.get("flag"))
        return replace(state, stage=stage, is_open=stage != Stage.CLOSED, flagged=flagged)
    if kind == REFERRED:
        referral = {
            "number": data["number"],
            "service": data["service"],
            "kind": data["kind"],
            "status": "referred",
            "shares_details": data["shares_details"],
        }
        return replace(state, referrals=state.referrals + (referral,))
    if kind == REFERRAL_UPDATED:
        referrals = tuple(
            {**r, "status": data["status"]} if r["number"] == data["number"] else r
            for r in state.referrals
        )
        return replace(state, referrals=referrals)
    if kind == CHARGE_RECORDED:
        return replace(
            state,
            charges=state.charges + ({"accused": data["accused"], "offence": data["offence"]},),
        )
    if kind == HEARING_RECORDED:
        hearing = {"on": data["on"], "next": data.get("next") or "", "court": data.get("court", "")}
        return replace(
            state, court={**state.court, "hearings": [*state.court.get("hearings", []), hearing]}
        )
    if kind == VERDICT_RECORDED:
        # The event carries what the rules of the time made of the outcome (custody, flag), so
        # replaying it never depends on today's rules files.
        verdict = {"outcome": data["outcome"], "accused": list(data["accused"]), "on": data["on"]}
        accused = tuple(
            {**person, "custody": data["custody"], "basis": data["basis"], "since": data["on"]}
            if data.get("custody") and person["number"] in data["accused"]
            else person
            for person in state.accused
        )
        stage = Stage.VERDICT.value if state.stage == Stage.TRIAL else state.stage
        return replace(
            state,
            accused=accused,
            stage=stage,
            flagged=state.flagged or bool(data.get("flag")),
            court={**state.court, "verdicts": [*state.court.get("verdicts", []), verdict]},
        )
    if kind in (
        PROTECTED_READ,
        REPORTER_MESSAGE,
        REPLY_TO_REPORTER,
        DEADLINE_ESCALATED,
        DATE_CORRECTED,
    ):
        # Reads and the conversation with the reporter change nothing but the last activity;
        # they are in the ledger for audit and for the reporter's follow-up page.
        return state
    if kind == SHREDDED:
        return replace(state, is_shredded=True)
    if kind == ACCUSED_ADDED:
        person = {
            "number": data["number"],
            "relation": data["relation"],
            "custody": data["custody"],
            "basis": "",
            "since": data.get("since", ""),
        }
        return replace(state, accused=state.accused + (person,))
    if kind == CUSTODY_CHANGED:
        accused = tuple(
            {**person, "custody": data["custody"], "basis": data["basis"], "since": data["since"]}
            if person["number"] == data["number"]
            else person
            for person in state.accused
        )
        return replace(state, accused=accused)
    raise ProjectionError(f"unknown event kind {kind!r}")


def state_of(case: Case) -> CaseState:
    """The stored projection, as a CaseState."""
    return CaseState(
        ref=case.ref,
        channel=case.channel,
        category=case.category,
        stage=case.stage,
        is_open=case.is_open,
        province=case.province_id,
        district=case.district_id,
        victim_age_band=case.victim_age_band,
        victim_gender=case.victim_gender,
        owner=case.owner.username if case.owner_id else None,
        opened_at=case.opened_at,
        updated_at=case.updated_at,
        protected=dict(case.protected),
        report=dict(case.report),
        note_count=case.note_count,
        accused=tuple(case.accused),
        charges=tuple(case.charges),
        flagged=case.flagged_for_oversight,
        referrals=tuple(case.referrals),
        court=dict(case.court),
        is_shredded=case.is_shredded,
        last_seq=case.last_seq,
    )


def rebuild(ref: str) -> CaseState | None:
    """Fold every event of a case, from the ledger, into its state."""
    state: CaseState | None = None
    for event in case_events(ref):
        fields = event.fields
        state = apply_event(
            state, ref=ref, seq=event.seq, kind=event.kind, at=fields.occurred_at, data=fields.data
        )
    return state


def write_state(case: Case, state: CaseState) -> Case:
    """Copy a CaseState onto the projection row (the caller saves inside its transaction)."""
    from django.contrib.auth import get_user_model

    case.ref = state.ref
    case.channel = state.channel
    case.category = state.category
    case.stage = state.stage
    case.is_open = state.is_open
    case.province_id = state.province
    case.district_id = state.district
    case.victim_age_band = state.victim_age_band
    case.victim_gender = state.victim_gender
    if state.owner is None:
        case.owner = None
    elif case.owner_id is None or case.owner.username != state.owner:
        case.owner = get_user_model().objects.get(username=state.owner)
    case.opened_at = state.opened_at
    case.updated_at = state.updated_at
    case.protected = dict(state.protected)
    case.report = dict(state.report)
    case.note_count = state.note_count
    case.accused = [dict(person) for person in state.accused]
    case.charges = [dict(charge) for charge in state.charges]
    case.flagged_for_oversight = state.flagged
    case.referrals = [dict(r) for r in state.referrals]
    case.court = dict(state.court)
    case.is_shredded = state.is_shredded
    case.last_seq = state.last_seq
    return case
