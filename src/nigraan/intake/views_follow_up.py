"""Anonymous follow-up with a receipt code at /<lang>/follow-up/. The code is posted in a form
body, never put in a URL; after it checks, the session remembers the case for 30 minutes."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from nigraan import clock
from nigraan.cases.models import Case
from nigraan.intake import follow_up, limits, receipts
from nigraan.intake.proof import ReportNotInLog, proof_of_report, qr_payload
from nigraan.intake.proof_check import LogCheck, check_report_in_log, record_issued

security = logging.getLogger("nigraan.security")

SESSION_CASE = "nigraan_follow_up_case"
SESSION_AT = "nigraan_follow_up_at"
SESSION_PREVIOUS = "nigraan_follow_up_previous"
SESSION_TOKEN = "nigraan_follow_up_token"  # noqa: S105 (a session key's name)
LIFETIME_SECONDS = 30 * 60


def _followed_case(request: HttpRequest) -> Case | None:
    case_id, started = request.session.get(SESSION_CASE), request.session.get(SESSION_AT)
    if (
        case_id is None
        or started is None
        or clock.now().timestamp() - float(started) > LIFETIME_SECONDS
    ):
        return None
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not follow_up.session_current(case, request.session.get(SESSION_TOKEN)):
        return None  # a later login with the same code ended this session
    return case


def _previous_login(request: HttpRequest) -> dt.datetime | None:
    stamp = request.session.get(SESSION_PREVIOUS)
    return dt.datetime.fromtimestamp(float(stamp), tz=dt.UTC) if stamp else None


def _not_in_log(request: HttpRequest) -> HttpResponse:
    security.warning("INTEGRITY ALARM: a reporter asked for a proof of a report not in the log")
    return render(
        request, "intake/proof_missing.html", {"log_check": LogCheck("missing", "")}, status=409
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        opened = follow_up.open_by_receipt(request.POST.get("code", ""), limits.address_of(request))
        if isinstance(opened, follow_up.Limited):
            return render(request, "intake/limited.html", {"until": opened.until}, status=429)
        if isinstance(opened, follow_up.WrongCode):
            error, status = (
                _("That receipt code is not right. Check each digit and try again."),
                400,
            )
        else:
            request.session.cycle_key()
            request.session[SESSION_CASE] = opened.case.pk
            request.session[SESSION_AT] = clock.now().timestamp()
            previous = opened.previous_login
            request.session[SESSION_PREVIOUS] = previous.timestamp() if previous else None
            request.session[SESSION_TOKEN] = opened.session
            if opened.new_code:  # shown in this answer only: never stored, never in a URL
                return render(
                    request,
                    "intake/follow_up_new_code.html",
                    {"code_grouped": receipts.grouped(opened.new_code)},
                )
            return redirect(f"/{request.LANGUAGE_CODE}/follow-up/case/")
    return render(request, "intake/follow_up_enter.html", {"error": error}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def case_page(request: HttpRequest) -> HttpResponse:
    case = _followed_case(request)
    if case is None:
        return redirect(f"/{request.LANGUAGE_CODE}/follow-up/")
    error = sent = ""
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        purpose = request.POST.get("purpose", "message")
        error = follow_up.write_to_officer(case, text, purpose) or ""
        if not error:
            sent, text = _("Sent. The officer handling your case will see it."), ""
    return render(
        request,
        "intake/follow_up_case.html",
        {
            "stage_sentence": follow_up.stage_text(case),
            "conversation": follow_up.conversation(case),
            "error": error,
            "sent": sent,
            "text": text,
            "log_check": check_report_in_log(case),
            "previous_login": _previous_login(request),
        },
        status=400 if error else 200,
    )


@never_cache
def proof_json(request: HttpRequest) -> HttpResponse:
    case = _followed_case(request)
    if case is None:
        return redirect(f"/{request.LANGUAGE_CODE}/follow-up/")
    try:
        proof = proof_of_report(case.ref)
    except ReportNotInLog:
        return _not_in_log(request)
    record_issued(case, proof)
    response = HttpResponse(json.dumps(proof, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="nigraan-proof-of-report.json"'
    return response


@never_cache
def proof_page(request: HttpRequest) -> HttpResponse:
    case = _followed_case(request)
    if case is None:
        return redirect(f"/{request.LANGUAGE_CODE}/follow-up/")
    import segno

    try:
        proof = proof_of_report(case.ref)
    except ReportNotInLog:
        return _not_in_log(request)
    record_issued(case, proof)
    qr = segno.make(qr_payload(proof), error="m").svg_inline(scale=3, border=2)
    return render(request, "intake/proof.html", {"proof": proof, "qr_svg": qr})


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect(f"/{request.LANGUAGE_CODE}/follow-up/")
