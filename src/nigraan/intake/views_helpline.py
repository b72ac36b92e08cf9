"""Helpline operators record a call as a report (channel: helpline) on one staff page."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.permissions import Action, PermissionDenied, may
from nigraan.intake import idempotency, receipts
from nigraan.intake.report_input import ReportInvalid, validate_report
from nigraan.intake.steps import ALL_FIELDS, BOOLEAN_FIELDS
from nigraan.intake.submit import submit_report
from nigraan.intake.views_report import _answer, _render_context

SECTIONS = ["start", "what", "when_where", "who", "police", "you", "consent"]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def helpline(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.OPEN_CASE):
        raise HttpForbidden("your role does not record calls")
    if request.method == "GET":
        return _page(request, {"submission": secrets.token_urlsafe(16)}, {})
    data = {
        name: request.POST.get(name, "")[:20_001]
        for name in ALL_FIELDS
        if request.POST.get(name) is not None
    }
    for name in BOOLEAN_FIELDS:
        data[name] = "1" if request.POST.get(name) in ("1", "on", "yes") else ""
    data.setdefault("submission", secrets.token_urlsafe(16))
    try:
        report = validate_report(data, timezone.localdate(clock.now()))
    except ReportInvalid as invalid:
        return _page(request, data, invalid.errors, status=400)
    key = "helpline:" + data["submission"][:100]
    digest = idempotency.request_digest(key.encode())
    try:
        repeated = idempotency.lookup(key, digest)
    except idempotency.KeyReused:
        repeated = None
    if repeated is not None:
        answer = repeated.body
    else:
        try:
            submitted = submit_report(
                request.user,
                "helpline",
                report,  # type: ignore[arg-type]
                remember=lambda s: idempotency.store(key, digest, 201, _answer(s)),
            )
        except PermissionDenied:
            return _page(
                request,
                data,
                {"district": "You may record calls only for your own area."},
                status=403,
            )
        answer = _answer(submitted)
    return render(
        request,
        "intake/helpline_receipt.html",
        {
            "case_ref": answer["case"],
            "receipt_grouped": receipts.grouped(answer["receipt"]),
        },
    )


def _page(request: HttpRequest, data: dict, errors: dict, status: int = 200) -> HttpResponse:
    context = _render_context(request, data, errors)
    context["sections"] = SECTIONS
    return render(request, "intake/helpline.html", context, status=status)
