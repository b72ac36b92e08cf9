"""The case page's closing and assignment forms, and what it shows oversight: a closing that
needs a second person becomes a request (``commands.request_closure``) that another supervisor
or district officer approves or refuses; the owner list offers only people who can work the case;
the flags oversight watches are listed at the top of the page."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, may, work_refusal
from nigraan.cases import commands
from nigraan.cases import events as ev
from nigraan.cases.commands.arrivals import intake_flags
from nigraan.cases.commands.assignment import wants_woman_officer
from nigraan.cases.models import Case
from nigraan.cases.offences import closure_reason_title
from nigraan.cases.vocabulary import Stage


def stage_or_request(staff: Staff, ref: str, post: QueryDict) -> str:
    """The stage form: a closing that needs a second person is recorded as a request."""
    stage, code = post.get("stage", ""), post.get("reason_code", "")
    if stage == Stage.CLOSED and code and commands.closure_needs_approval(ref, code):
        commands.request_closure(
            staff,
            ref,
            reason_code=code,
            reason=post.get("stage_reason", ""),
            on=post.get("stage_on") or None,
        )
        return _(
            "Closing this case needs a second person's approval: your request was recorded, and "
            "another supervisor or district officer will approve or refuse it."
        )
    commands.record_stage(
        staff,
        ref,
        stage=stage,
        reason=post.get("stage_reason", ""),
        reason_code=code,
        on=post.get("stage_on") or None,
    )
    return _("Recorded.")


def decide_closing(staff: Staff, ref: str, post: QueryDict) -> str:
    approve = post.get("decision") == "approve"
    commands.decide_closure(staff, ref, approve=approve, reason=post.get("decision_reason", ""))
    if approve:
        return _("Approved: the case is closed and flagged for oversight.")
    return _("Refused: the case stays open; the person who asked is told.")


def oversight_flags(case: Case) -> list[str]:
    """What oversight is asked to look at on this case, in words."""
    flags = []
    if case.flagged_for_oversight:
        flags.append(
            _(
                "Closed without an FIR, or ended by a 'compromise', withdrawal or marriage to "
                "the accused, or closed with a second person's approval, or assigned against "
                "the request for a woman officer: for oversight to review"
            )
        )
    police_refused, abuser_official = intake_flags(case.report)
    if police_refused:
        flags.append(_("The reporter said the police refused to act or did nothing"))
    if abuser_official:
        flags.append(_("The reporter named the police or an official as the abuser"))
    if wants_woman_officer(case) and case.owner is not None and not case.owner.is_woman_officer:
        flags.append(_("The reporter asked for a woman officer; the owner is not recorded as one"))
    return flags


def closing_context(staff: Staff, case: Case) -> dict[str, Any]:
    """The waiting request to close (if any) and whether this person may decide it."""
    pending = commands.pending_closure(ev.case_history(case.ref)) if case.is_open else None
    can_close = may(staff, Action.CLOSE_CASE, case)
    return {
        "pending_closure": pending,
        "pending_reason_title": _closure_title(pending.reason_code) if pending else "",
        "can_decide_closure": pending is not None
        and can_close
        and pending.requested_by != staff.username,
        "oversight_flags": oversight_flags(case),
        "wants_woman_officer": wants_woman_officer(case),
    }


def _closure_title(code: str) -> str:
    return closure_reason_title(code)


def assignable(case: Case) -> list[tuple[str, bool]]:
    """The people who can work the case: (username, recorded as a woman officer)."""
    people = Staff.objects.filter(
        is_active=True, role__in=["case_worker", "supervisor", "district_officer"]
    ).prefetch_related("jurisdictions")
    return sorted((p.username, p.is_woman_officer) for p in people if not work_refusal(p, case))
