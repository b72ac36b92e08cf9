"""Staff pages: the case list and a case's timeline. Server-rendered; work without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import (
    CONSENT_BOUND_ROLES,
    Action,
    ConsentRequired,
    PermissionDenied,
    consent_refusal,
    may,
    role_allows,
)
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.events import event_label
from nigraan.cases.models import Case, Service
from nigraan.cases.offences import closure_reason_choices, offences
from nigraan.cases.selectors import TimelineEntry, timeline, visible_cases
from nigraan.cases.vocabulary import Custody, Outcome, ProtectedField, Stage
from nigraan.ledger.projection_alarms import open_alarms
from nigraan.security import events as security_events
from nigraan.security.addresses import client_address
from nigraan.web import case_alert_status, case_alerts, case_closing
from nigraan.web.case_filters import FLAGS, NO_DISTRICT, CaseFilters, page_of
from nigraan.web.report_answers import report_answers
from nigraan.web.views_notices import mark_case_notices_read
from nigraan.web.work_queries import OverdueScope, districts_visible_to, overdue

PAGE_SIZE = 25
OVERDUE_SHOWN = 20  # the most overdue first; /staff/overdue/ lists them all (hidden when filtering)
NOTICES_SHOWN = 5  # the newest unread; /staff/notices/ lists them all, a page at a time


def root_redirect(request: HttpRequest) -> HttpResponse:
    """``/`` opens the report form in the browser's language: Urdu when its Accept-Language
    prefers Urdu (or the language cookie says so), English otherwise."""
    language = translation.get_language_from_request(request)
    response = redirect(f"/{'ur' if language == 'ur' else 'en'}/report/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


@staff_login_required
def case_list(request: StaffRequest) -> HttpResponse:
    staff = request.user
    now = clock.now()
    filters = CaseFilters.from_query(request.GET)
    page = page_of(filters.apply(staff, now), PAGE_SIZE, request.GET.get("page"))
    return render(
        request,
        "web/case_list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "filters": filters,
            "kept": filters.query(),
            "flag_choices": [(name, label) for name, (label, _q) in FLAGS.items()],
            "districts": districts_visible_to(staff).only("code", "name_en", "name_ur"),
            "no_district": NO_DISTRICT,
            "can_record_calls": may(staff, Action.OPEN_CASE),
            "can_export": may(staff, Action.EXPORT_CASES),
            "overdue": []
            if filters.any
            else overdue(staff, OverdueScope.DISTRICT, now)[:OVERDUE_SHOWN],
            "notices": staff.notices.filter(read_at__isnull=True)
            .select_related("case")
            .order_by("-created_at")[:NOTICES_SHOWN],
        },
    )


@dataclass
class _PostOutcome:
    """What a POST to a case page did: an action's reply, or the protected details read."""

    protected: commands.ProtectedRead | None = None
    error: str = ""
    reason: str = ""
    reply_sent: str = ""
    reply_error: str = ""


@staff_login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: StaffRequest, case_ref: str) -> HttpResponse:
    staff = request.user
    case = visible_cases(staff, ref=case_ref).first()
    if case is None or case.ref != case_ref:
        raise Http404(_("No case with that reference is visible to you."))
    posted = _post(request, case) if request.method == "POST" else _PostOutcome()
    mark_case_notices_read(staff, case.pk)
    entries = timeline(case.ref)
    return render(
        request,
        "web/case_detail.html",
        {
            "case": case,
            "entries": [{"entry": entry, "label": event_label(entry.kind)} for entry in entries],
            **_posted_context(posted),
            "answers": report_answers(case, posted.protected.fields if posted.protected else None),
            **_permission_flags(staff, case),
            **_consent_context(staff, case),
            **case_closing.closing_context(staff, case),
            **case_alerts.alert_context(staff, case),
            **case_alert_status.act_context(staff, case),
            **_form_choices(case, entries),
            "now": clock.now(),
            "deadlines": case.deadlines.order_by("met_at", "stopped", "due_at"),
            "integrity_alarms": open_alarms(case.ref),
            "services": Service.objects.filter(district_id=case.district_id, active=True)
            if case.district_id
            else [],
            "has_reporter_channel": hasattr(case, "receipt")
            or case.channel in ("web", "api", "sms"),
        },
    )


def _post(request: StaffRequest, case: Case) -> _PostOutcome:
    """Carry out a case page's form: one of ``CASE_ACTIONS``, or else reading the protected
    details (the form that gives only a reason)."""
    action = request.POST.get("action", "")
    if action not in CASE_ACTIONS:
        return _read_protected(request, case, request.POST.get("reason", "").strip())
    outcome = _PostOutcome()
    try:
        if action in case_alerts.UPLOAD_ACTIONS:
            upload = case_alerts.UPLOAD_ACTIONS[action]
            outcome.reply_sent = upload(request.user, case.ref, request.POST, request.FILES)
        else:
            outcome.reply_sent = CASE_ACTIONS[action](request.user, case.ref, request.POST)
    except commands.CommandRefused as exc:
        outcome.reply_error = str(exc)
    except PermissionDenied:
        _record_refusal(request, action, case.ref)
        outcome.reply_error = _("Your role may not do that on this case.")
    case.refresh_from_db()
    return outcome


def _read_protected(request: StaffRequest, case: Case, reason: str) -> _PostOutcome:
    outcome = _PostOutcome(reason=reason)
    try:
        outcome.protected = commands.read_protected(request.user, case.ref, reason=reason)
    except commands.CommandRefused as exc:
        outcome.error = str(exc)
    except ConsentRequired as exc:
        _record_refusal(request, "read_protected", case.ref)
        outcome.error = str(exc)
    except PermissionDenied:
        _record_refusal(request, "read_protected", case.ref)
        outcome.error = _("You may not read this case's protected details.")
    except KeyUnavailable:
        outcome.error = _("This case's protected details were erased and can no longer be read.")
    return outcome


def _posted_context(posted: _PostOutcome) -> dict[str, Any]:
    protected = posted.protected
    field_labels = dict(ProtectedField.choices)
    return {
        "protected": [
            (field_labels.get(k, k), v) for k, v in (protected.fields.items() if protected else [])
        ],
        "notes": protected.notes if protected else {},
        "shown": protected is not None,
        "error": posted.error,
        "reason": posted.reason,
        "reply_sent": posted.reply_sent,
        "reply_error": posted.reply_error,
    }


def _consent_context(staff: Staff, case: Case) -> dict[str, Any]:
    """What the page says of the reporter's consent: to this person, why they may not read (if
    only consent is missing); to a supervisor, the form for a legal basis; to all, who may read."""
    police_refused = next(
        (why for role in sorted(CONSENT_BOUND_ROLES) if (why := consent_refusal(role, case))), ""
    )
    mine = (
        consent_refusal(staff.role, case) if role_allows(staff.role, Action.READ_PROTECTED) else ""
    )
    if case.legal_basis_recorded:
        note = _(
            "A supervisor recorded a legal basis: the police and prosecutor may read the "
            "protected details."
        )
    else:
        note = police_refused
    return {
        "consent_refusal": mine,
        "consent_note": note,
        "can_record_legal_basis": bool(police_refused) and may(staff, Action.ASSIGN_CASE, case),
    }


def _permission_flags(staff: Staff, case: Case) -> dict[str, bool]:
    """Which of the case page's forms this person may use."""
    return {
        "can_read_protected": may(staff, Action.READ_PROTECTED, case),
        "can_close": may(staff, Action.CLOSE_CASE, case),
        "can_record_court": may(staff, Action.RECORD_COURT_EVENT, case),
        "can_correct": may(staff, Action.CORRECT_FIELD, case),
        "can_assign": may(staff, Action.ASSIGN_CASE, case),
        "can_record_stage": may(staff, Action.ADD_NOTE, case),
        "can_record_custody": may(staff, Action.RECORD_POLICE_EVENT, case)
        or may(staff, Action.RECORD_COURT_EVENT, case),
    }


def _form_choices(case: Case, entries: list[TimelineEntry]) -> dict[str, Any]:
    """The choices the case page's forms offer."""
    return {
        "stage_choices": [
            (code, label)
            for code, label in Stage.choices
            if code in commands.next_stages(case) and code != Stage.VERDICT
        ],
        "court_stages": [str(s) for s in commands.COURT_STAGES],
        "outcome_choices": Outcome.choices,
        "date_events": [
            (entry.seq, _date_event_label(entry))
            for entry in entries
            if entry.kind in commands.DATE_EVENTS
        ],
        "custody_choices": Custody.choices,
        "relations": commands.ACCUSED_RELATIONS,
        "closure_reasons": closure_reason_choices(),
        "offences": sorted(
            (o.code, f"{o.law} {o.section} — {o.title}") for o in offences().values()
        ),
        "assignable": case_closing.assignable(case),
    }


def _date_event_label(entry: TimelineEntry) -> str:
    """An event whose date can be corrected, as the correction form lists it."""
    stage = entry.details.get("stage")
    return event_label(entry.kind) + (f": {stage}" if stage else "")


def _record_refusal(request: StaffRequest, what: str, case_ref: str) -> None:
    """A refused action on a case page is a security event (the page itself answers 200)."""
    security_events.record_refusal(
        request.user, what=what, case_ref=case_ref, address=client_address(request)
    )


def _number(value: str, refusal: str) -> int:
    """A number chosen in a form (an accused person, a referral, an event), or the refusal."""
    try:
        return int(value)
    except ValueError:
        raise commands.CommandRefused(refusal) from None


def _reply(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.reply_to_reporter(staff, ref, text=post.get("reply", ""))
    return _("Your reply was sent; the reporter sees it on the follow-up page.")


def _assign(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.assign_case(
        staff, ref, owner_username=post.get("owner", ""), reason=post.get("assign_reason", "")
    )
    return _("Assigned.")


def _add_accused(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.add_accused(
        staff, ref, relation=post.get("relation", "unknown"), name=post.get("accused_name", "")
    )
    return _("Recorded.")


def _custody(staff: Staff, ref: str, post: QueryDict) -> str:
    number = _number(post.get("number", ""), _("No accused person has that number on this case."))
    offence = post.get("offence", "")
    if offence:
        commands.record_charge(staff, ref, accused_number=number, offence=offence)
        return _("Recorded.")
    commands.record_custody(
        staff,
        ref,
        number=number,
        custody=post.get("custody", ""),
        basis=post.get("basis", ""),
        on=post.get("on") or None,
    )
    return _("Recorded.")


def _refer(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.refer_case(
        staff,
        ref,
        service_code=post.get("service", ""),
        share_details=post.get("share_details") == "1",
        override_reason=post.get("override_reason", ""),
    )
    return _("Recorded.")


def _referral(staff: Staff, ref: str, post: QueryDict) -> str:
    number = _number(post.get("number", ""), _("No referral has that number on this case."))
    commands.update_referral(staff, ref, number=number, status=post.get("status", ""))
    return _("Recorded.")


def _hearing(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.record_hearing(
        staff,
        ref,
        on=post.get("hearing_on", ""),
        next_on=post.get("hearing_next", ""),
        court=post.get("hearing_court", ""),
    )
    return _("Recorded.")


def _verdict(staff: Staff, ref: str, post: QueryDict) -> str:
    accused = [
        _number(n, _("No accused person has that number on this case."))
        for n in post.getlist("verdict_accused")
    ]
    commands.record_verdict(
        staff,
        ref,
        outcome=post.get("outcome", ""),
        accused=accused,
        on=post.get("verdict_on") or None,
    )
    return _("Recorded.")


def _legal_basis(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.record_legal_basis(staff, ref, basis=post.get("legal_basis", ""))
    return _("Recorded. The police and prosecutor may now read the protected details.")


def _correct_date(staff: Staff, ref: str, post: QueryDict) -> str:
    seq = _number(
        post.get("seq", ""),
        _("Only the date of a stage, custody change, verdict or report can be corrected."),
    )
    commands.correct_date(
        staff, ref, seq=seq, on=post.get("correct_on", ""), reason=post.get("correct_reason", "")
    )
    return _("Corrected. The deadlines that count from it have moved.")


CASE_ACTIONS: dict[str, Callable[[Staff, str, QueryDict], str]] = {
    "hearing": _hearing,
    "verdict": _verdict,
    "correct_date": _correct_date,
    "reply": _reply,
    "stage": case_closing.stage_or_request,
    "close_decision": case_closing.decide_closing,
    "assign": _assign,
    "add_accused": _add_accused,
    "custody": _custody,
    "refer": _refer,
    "referral": _referral,
    "legal_basis": _legal_basis,
    **case_alerts.ACTIONS,
    **case_alert_status.ACTIONS,
}
