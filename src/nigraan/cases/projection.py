"""How events become a case's current state.

``apply_event`` is the only place that knows what each event kind does to a case: it dispatches
to one small function per kind (``_APPLY``, and ``_QUIET`` for the kinds that leave stage,
accused and district alone). Commands use it to update the stored projection in
the same transaction as the event; ``rebuild`` folds a case's events from the ledger to prove the
stored projection is exactly their result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from msgspec import UNSET

from nigraan.cases import events as ev
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import PROTECTED_FIELDS, Stage

# The kinds, for code that names them as strings (the registry is the source).
EVENT_KINDS = ev.EVENT_KINDS


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
    legal_basis: bool = False
    had_fir: bool = False
    is_shredded: bool = False
    last_seq: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ProjectionError(ValueError):
    pass


Changes = dict[str, Any]  # fields of a CaseState and their new values


def replace(state: CaseState, **changes: Any) -> CaseState:
    """``dataclasses.replace`` for CaseState, without its per-call field introspection (replay
    makes two per event, and the projection check replays every case). CaseState has no
    ``__post_init__``, so copying its attributes is all ``replace`` would do."""
    new = object.__new__(CaseState)
    new.__dict__.update(state.__dict__)
    new.__dict__.update(changes)
    return new


_RECEIVED = Stage.RECEIVED.value


def _opened(event: ev.CaseOpened, *, ref: str, seq: int, at: dt.datetime) -> CaseState:
    # Every field given, each as CaseState's own __init__ would set it; made without that
    # __init__ (a frozen dataclass sets each field through object.__setattr__), since the
    # projection check opens every case again.
    state = object.__new__(CaseState)
    state.__dict__.update(
        ref=ref,
        channel=event.channel,
        category=event.category,
        stage=_RECEIVED,
        is_open=True,
        province=event.province,
        district=event.district,
        victim_age_band=event.victim_age_band,
        victim_gender=event.victim_gender,
        owner=None,
        opened_at=at,
        updated_at=at,
        protected=dict(event.protected),
        report=dict(event.report),
        note_count=0,
        accused=(),
        charges=(),
        flagged=False,
        referrals=(),
        court={},
        legal_basis=False,
        had_fir=False,
        is_shredded=False,
        last_seq=seq,
    )
    return state


def _assigned(state: CaseState, event: ev.CaseAssigned) -> Changes:
    early = state.stage in (Stage.RECEIVED, Stage.TRIAGED)
    return dict(
        owner=event.owner,
        stage=Stage.ASSIGNED.value if early else state.stage,
        flagged=state.flagged or event.flag is True,
    )


def _note_added(state: CaseState, event: ev.NoteAdded) -> Changes:
    return {"note_count": state.note_count + 1}


def _field_corrected(state: CaseState, event: ev.FieldCorrected) -> Changes:
    name, value = event.field, event.value
    if name in PROTECTED_FIELDS:
        protected = dict(state.protected)
        if value is None:
            protected.pop(name, None)
        else:
            protected[name] = value
        return dict(protected=protected)
    if name == "district":
        province = None if event.province is UNSET else event.province
        return dict(district=value, province=province)
    if value is None:
        raise ProjectionError(f"{name} corrected to nothing")
    if name == "category":
        return dict(category=value)
    if name == "victim_age_band":
        return dict(victim_age_band=value)
    if name == "victim_gender":
        return dict(victim_gender=value)
    raise ProjectionError(f"{name} is not a field a correction can change")


def _stage_recorded(state: CaseState, event: ev.StageRecorded) -> Changes:
    return dict(
        stage=event.stage,
        is_open=event.stage != Stage.CLOSED,
        flagged=state.flagged or event.flag is True,
        had_fir=state.had_fir or event.stage == Stage.FIR_REGISTERED,
    )


def _referred(state: CaseState, event: ev.CaseReferred) -> Changes:
    referral = {
        "number": event.number,
        "service": event.service,
        "kind": event.service_kind,
        "status": "referred",
        "shares_details": event.shares_details,
    }
    return {"referrals": (*state.referrals, referral)}


def _referral_updated(state: CaseState, event: ev.ReferralUpdated) -> Changes:
    referrals = tuple(
        {**r, "status": event.status} if r["number"] == event.number else r for r in state.referrals
    )
    return {"referrals": referrals}


def _charge_recorded(state: CaseState, event: ev.ChargeRecorded) -> Changes:
    charge = {"accused": event.accused, "offence": event.offence}
    return {"charges": (*state.charges, charge)}


def _hearing_recorded(state: CaseState, event: ev.HearingRecorded) -> Changes:
    hearing = {"on": event.on, "next": event.next or "", "court": event.court}
    hearings = [*state.court.get("hearings", []), hearing]
    return {"court": {**state.court, "hearings": hearings}}


def _verdict_recorded(state: CaseState, event: ev.VerdictRecorded) -> Changes:
    # The event carries what the rules of the time made of the outcome (custody, flag), so
    # replaying it never depends on today's rules files.
    verdict = {"outcome": event.outcome, "accused": list(event.accused), "on": event.on}
    accused = tuple(
        {**person, "custody": event.custody, "basis": event.basis, "since": event.on}
        if event.custody and person["number"] in event.accused
        else person
        for person in state.accused
    )
    verdicts = [*state.court.get("verdicts", []), verdict]
    return dict(
        accused=accused,
        stage=Stage.VERDICT.value if state.stage == Stage.TRIAL else state.stage,
        flagged=state.flagged or event.flag,
        court={**state.court, "verdicts": verdicts},
    )


def _only_recorded(state: CaseState, event: ev.CaseEvent) -> Changes:
    """Reads, escalations, date corrections, repairs and the conversation with the reporter
    change nothing but the last activity; they are in the ledger for audit, for the deadlines
    and for the reporter's follow-up page."""
    return {}


def _legal_basis_recorded(state: CaseState, event: ev.LegalBasisRecorded) -> Changes:
    return {"legal_basis": True}


def _shredded(state: CaseState, event: ev.CaseShredded) -> Changes:
    return {"is_shredded": True}


def _accused_added(state: CaseState, event: ev.AccusedAdded) -> Changes:
    person = {
        "number": event.number,
        "relation": event.relation,
        "custody": event.custody,
        "basis": "",
        "since": event.since,
    }
    return dict(accused=(*state.accused, person))


def _custody_changed(state: CaseState, event: ev.CustodyChanged) -> Changes:
    accused = tuple(
        {**person, "custody": event.custody, "basis": event.basis, "since": event.since}
        if person["number"] == event.number
        else person
        for person in state.accused
    )
    return dict(accused=accused)


def _police_contacted(state: CaseState, event: ev.CaseEvent) -> Changes:
    """Changes nothing stored, but is not quiet: it is the milestone ``contact:police`` that
    meets the Zainab Act's 24-hour clock (``deadlines.CaseReplay.step``)."""
    return {}


# What each kind changes in an opened case (case.opened starts one: ``_opened``).
_APPLY: dict[type[ev.CaseEvent], Callable[[CaseState, Any], Changes]] = {
    ev.CaseAssigned: _assigned,
    ev.FieldCorrected: _field_corrected,
    ev.StageRecorded: _stage_recorded,
    ev.AccusedAdded: _accused_added,
    ev.CustodyChanged: _custody_changed,
    ev.VerdictRecorded: _verdict_recorded,
    ev.PoliceContacted: _police_contacted,
}

# The "quiet" kinds: what each changes besides the last activity, never stage, accused or
# district, so an event of these kinds starts no milestone (deadlines.CaseReplay skips its
# milestone checks). A kind is in one table or the other: a new one that may change those
# fields goes in _APPLY (tests/test_projection_quiet_kinds.py applies each quiet kind and fails
# if one moves a clock).
_QUIET: dict[type[ev.CaseEvent], Callable[[CaseState, Any], Changes]] = {
    ev.NoteAdded: _note_added,
    ev.ProtectedDataRead: _only_recorded,
    ev.CaseShredded: _shredded,
    ev.ShredRequested: _only_recorded,
    ev.ReporterMessage: _only_recorded,
    ev.ReplyToReporter: _only_recorded,
    ev.DeadlineEscalated: _only_recorded,
    ev.ChargeRecorded: _charge_recorded,
    ev.CaseReferred: _referred,
    ev.ReferralUpdated: _referral_updated,
    ev.HearingRecorded: _hearing_recorded,
    ev.DateCorrected: _only_recorded,
    ev.LegalBasisRecorded: _legal_basis_recorded,
    ev.ClosureRequested: _only_recorded,
    ev.ClosureRefused: _only_recorded,
    ev.ProjectionRepaired: _only_recorded,
    ev.AlertApproved: _only_recorded,
    ev.AlertCancelled: _only_recorded,
    ev.AlertDrafted: _only_recorded,
    ev.AlertIssued: _only_recorded,
    ev.AlertResolved: _only_recorded,
    ev.AlertUpdated: _only_recorded,
    ev.AlertExpired: _only_recorded,
}
QUIET_KINDS = frozenset(_QUIET)


def apply_event(
    state: CaseState | None, event: ev.CaseEvent, *, ref: str, seq: int, at: dt.datetime
) -> CaseState:
    """Return the state after one event. Pure: no database access."""
    if isinstance(event, ev.CaseOpened):
        if state is not None:
            raise ProjectionError(f"case {ref} is opened twice")
        return _opened(event, ref=ref, seq=seq, at=at)
    if state is None:
        raise ProjectionError(f"event {event.kind} on case {ref} before it was opened")
    changes = _changes(state, event)
    return replace(state, **changes, updated_at=at, last_seq=seq)


def _changes(state: CaseState, event: ev.CaseEvent) -> Changes:
    change = _QUIET.get(type(event)) or _APPLY.get(type(event))
    if change is None:
        raise ProjectionError(f"no projection for event kind {event.kind!r}")
    return change(state, event)


def apply_in_place(
    state: CaseState, event: ev.CaseEvent, *, ref: str, seq: int, at: dt.datetime
) -> None:
    """``apply_event`` to an opened case's state that the caller owns and keeps no earlier copy
    of (replay's running state): the state is changed in place rather than copied."""
    if isinstance(event, ev.CaseOpened):
        raise ProjectionError(f"case {ref} is opened twice")
    state.__dict__.update(_changes(state, event), updated_at=at, last_seq=seq)


def apply_quiet(state: CaseState, event: ev.CaseEvent, *, seq: int, at: dt.datetime) -> CaseState:
    """``apply_event`` of a quiet kind (``QUIET_KINDS``) to a state the caller owns and keeps no
    earlier copy of (replay's running state): the same state, changed in place rather than
    copied (a note, a read…)."""
    state.__dict__.update(_QUIET[type(event)](state, event), updated_at=at, last_seq=seq)
    return state


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
        owner=case.owner.username if case.owner is not None else None,
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
        legal_basis=case.legal_basis_recorded,
        had_fir=case.had_fir,
        is_shredded=case.is_shredded,
        last_seq=case.last_seq,
    )


def rebuild(ref: str) -> CaseState | None:
    """Fold every event of a case, from the ledger, into its state."""
    state: CaseState | None = None
    for recorded in ev.case_history(ref):
        state = apply_event(state, recorded.event, ref=ref, seq=recorded.seq, at=recorded.at)
    return state


def write_state(case: Case, state: CaseState) -> Case:
    """Copy a CaseState onto the projection row (the caller saves inside its transaction)."""
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
    elif case.owner is None or case.owner.username != state.owner:
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
    case.legal_basis_recorded = state.legal_basis
    case.had_fir = state.had_fir
    case.is_shredded = state.is_shredded
    case.last_seq = state.last_seq
    return case
