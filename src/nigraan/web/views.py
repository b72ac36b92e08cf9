"""Staff pages: the case list and a case's timeline. Server-rendered; work without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nigraan.accounts.permissions import Action, PermissionDenied, may
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.selectors import overdue_deadlines, timeline, visible_cases
from nigraan.cases.vocabulary import ProtectedField, Stage
from nigraan.web.labels import EVENT_LABELS

PAGE_SIZE = 25


def root_redirect(request: HttpRequest) -> HttpResponse:
    return redirect("/en/report/")


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    staff = request.user
    stage = request.GET.get("stage", "")
    ref = request.GET.get("ref", "")[:32]
    open_only = request.GET.get("open") == "1"
    cases = visible_cases(staff, stage=stage, ref=ref, open_only=open_only)  # type: ignore[arg-type]
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/case_list.html",
        {"page": page, "stages": Stage.choices, "stage": stage, "ref": ref, "open_only": open_only,
         "can_record_calls": may(staff, Action.OPEN_CASE),  # type: ignore[arg-type]
         "overdue": overdue_deadlines(staff)},  # type: ignore[arg-type]
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_ref: str) -> HttpResponse:
    staff = request.user
    case = visible_cases(staff, ref=case_ref).first()  # type: ignore[arg-type]
    if case is None or case.ref != case_ref:
        raise Http404(_("No case with that reference is visible to you."))
    protected: commands.ProtectedRead | None = None
    error = ""
    reason = ""
    reply_sent = reply_error = ""
    if request.method == "POST" and request.POST.get("action") == "reply":
        try:
            commands.reply_to_reporter(staff, case.ref, text=request.POST.get("reply", ""))  # type: ignore[arg-type]
            reply_sent = _("Your reply was sent; the reporter sees it on the follow-up page.")
        except commands.CommandRefused as exc:
            reply_error = str(exc)
        except PermissionDenied:
            reply_error = _("You may not write to this reporter.")
    elif request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        try:
            protected = commands.read_protected(staff, case.ref, reason=reason)  # type: ignore[arg-type]
        except commands.CommandRefused as exc:
            error = str(exc)
        except PermissionDenied:
            error = _("You may not read this case's protected details.")
        except KeyUnavailable:
            error = _("This case's protected details were erased and can no longer be read.")
    entries = [
        {"entry": entry, "label": EVENT_LABELS.get(entry.kind, entry.kind)} for entry in timeline(case.ref)
    ]
    field_labels = dict(ProtectedField.choices)
    return render(
        request,
        "web/case_detail.html",
        {
            "case": case,
            "entries": entries,
            "protected": [(field_labels.get(k, k), v) for k, v in (protected.fields.items() if protected else [])],
            "notes": protected.notes if protected else {},
            "shown": protected is not None,
            "can_read_protected": may(staff, Action.READ_PROTECTED, case),  # type: ignore[arg-type]
            "error": error,
            "reason": reason,
            "reply_sent": reply_sent,
            "reply_error": reply_error,
            "has_reporter_channel": hasattr(case, "receipt") or case.channel in ("web", "api", "sms"),
        },
    )
