"""Closing honestly: some closings need a second person. Closing a case that has an FIR, or with
a reason that is easily abused to bury a case (a "duplicate", a withdrawal by the complainant),
is asked for by one supervisor or district officer (``request_closure``) and approved or refused
by another (``decide_closure``); the requester can never approve their own. Oversight is told of
the request and of the closing, and the closed case is flagged for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from msgspec import UNSET

from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import Action
from nigraan.cases import closing_hooks, notices_text
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, actor_name, require_permission
from nigraan.cases.commands.core import (
    CommandRefused,
    _lock_case,
    _optional_past_date,
    _reason,
    _record,
)
from nigraan.cases.models import Case
from nigraan.cases.offences import closure_reasons
from nigraan.cases.pipeline import current_pipeline
from nigraan.cases.vocabulary import Stage
from nigraan.notify.notices import notify_person, notify_role

# Closing codes that always need a second person (rules/closure.yaml lists every code).
SECOND_PERSON_CODES = frozenset({"duplicate", "withdrawn_by_complainant"})
NEEDS_FIR = "fir_registered"
NEEDS_CODE = "reason_code"
WHY_LABELS = {
    NEEDS_FIR: gettext_lazy("an FIR was registered in this case"),
    NEEDS_CODE: gettext_lazy("the reason is a duplicate or a withdrawal by the complainant"),
}
APPROVER_ROLES = (Role.SUPERVISOR, Role.DISTRICT_OFFICER)


@dataclass(frozen=True)
class PendingClosure:
    """A request to close that waits for a second person."""

    seq: int
    requested_by: str
    reason_code: str
    reason: str
    why: tuple[str, ...]
    on: str | None

    @property
    def why_labels(self) -> list[str]:
        return [str(WHY_LABELS.get(w, w)) for w in self.why]


def had_fir(history: list[ev.RecordedEvent]) -> bool:
    return any(
        isinstance(r.event, ev.StageRecorded) and r.event.stage == Stage.FIR_REGISTERED
        for r in history
    )


def approval_needed(history: list[ev.RecordedEvent], reason_code: str) -> tuple[str, ...]:
    """Why closing with this code needs a second person's approval (empty: it does not)."""
    why = (NEEDS_FIR,) if had_fir(history) else ()
    return why + ((NEEDS_CODE,) if reason_code in SECOND_PERSON_CODES else ())


def closure_needs_approval(ref: str, reason_code: str) -> tuple[str, ...]:
    return approval_needed(ev.case_history(ref), reason_code)


def _ends_request(event: ev.CaseEvent, pending: PendingClosure | None) -> bool:
    """A refusal of the waiting request, or the case closed."""
    if isinstance(event, ev.ClosureRefused):
        return pending is not None and event.request == pending.seq
    return isinstance(event, ev.StageRecorded) and event.stage == Stage.CLOSED


def pending_closure(history: list[ev.RecordedEvent]) -> PendingClosure | None:
    """The request to close still waiting for a decision, if any."""
    pending: PendingClosure | None = None
    for r in history:
        event = r.event
        if isinstance(event, ev.ClosureRequested):
            on = None if event.on is UNSET else str(event.on)
            pending = PendingClosure(
                r.seq, r.actor, event.reason_code, event.reason, tuple(event.why), on
            )
        elif _ends_request(event, pending):
            pending = None
    return pending


def _open_case_for_closing(actor: Actor, ref: str) -> Case:
    case = _lock_case(ref)
    require_permission(actor, Action.CLOSE_CASE, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    return case


@transaction.atomic
def request_closure(
    actor: Actor, ref: str, *, reason_code: str, reason: str, on: str | None = None
) -> Case:
    """Ask to close a case whose closing needs a second person's approval. The supervisors and
    district officers of the case's place are told (to decide), and oversight (to watch)."""
    case = _open_case_for_closing(actor, ref)
    reason = _reason(reason, required=True)
    if reason_code not in closure_reasons():
        raise CommandRefused(_("Choose why the case is closed from the list."))
    closing_hooks.check_closing(ref)  # e.g. an alert still drafted or public must end first
    history = ev.case_history(ref)
    why = approval_needed(history, reason_code)
    if not why:
        raise CommandRefused(
            _("This closing does not need a second person: close the case with the stage form.")
        )
    if pending_closure(history) is not None:
        raise CommandRefused(
            _("A request to close this case is already waiting for a second person's decision.")
        )
    day = _optional_past_date(on) or UNSET
    event = ev.ClosureRequested(reason_code=reason_code, reason=reason, why=why, on=day)
    case = _record(case, ref, actor, event)
    notice = notices_text.closure_requested(ref=ref, reason_code=reason_code)
    for role in (*APPROVER_ROLES, Role.OVERSIGHT):
        notify_role(case, role, notice)
    return case


@transaction.atomic
def decide_closure(actor: Actor, ref: str, *, approve: bool, reason: str = "") -> Case:
    """Approve (the case closes, flagged for oversight) or refuse (with a reason; the case stays
    open) the waiting request to close. The person who asked may not decide it."""
    case = _open_case_for_closing(actor, ref)
    pending = pending_closure(ev.case_history(ref))
    if pending is None:
        raise CommandRefused(_("No request to close this case is waiting for a decision."))
    if pending.requested_by == actor_name(actor):
        raise CommandRefused(
            _(
                "You asked to close this case: another supervisor or district officer must "
                "approve or refuse it."
            )
        )
    if not approve:
        refused = ev.ClosureRefused(request=pending.seq, reason=_reason(reason, required=True))
        case = _record(case, ref, actor, refused)
        requester = Staff.objects.filter(username=pending.requested_by).first()
        if requester is not None:
            notify_person(requester, case, notices_text.closure_refused(ref=ref))
        return case
    closing_hooks.check_closing(ref)
    closing = ev.StageRecorded(
        stage=Stage.CLOSED,
        reason=pending.reason,
        rules=current_pipeline().stamp,
        on=pending.on or UNSET,
        reason_code=pending.reason_code,
        flag=True,
        approves=pending.seq,
    )
    case = _record(case, ref, actor, closing)
    notice = notices_text.closure_approved(ref=ref, reason_code=pending.reason_code)
    notify_role(case, Role.OVERSIGHT, notice)
    return case
