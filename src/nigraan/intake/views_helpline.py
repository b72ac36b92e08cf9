"""Helpline operators record a call as a report (channel: helpline) on one staff page."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nigraan.accounts.permissions import Action, may
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.intake import pipeline, receipts
from nigraan.intake.report_input import validate_answers
from nigraan.intake.steps import ALL_FIELDS, BOOLEAN_FIELDS
from nigraan.intake.views_report import _render_context

SECTIONS = ["start", "what", "when_where", "who", "police", "you", "consent"]


def _answers(request: HttpRequest) -> dict[str, str]:
    data = {
        name: request.POST.get(name, "")[:20_001]
        for name in ALL_FIELDS
        if request.POST.get(name) is not None
    }
    for name in BOOLEAN_FIELDS:
        data[name] = "1" if request.POST.get(name) in ("1", "on", "yes") else ""
    if request.POST.get("in_danger_now") == "0":  # "No" chosen (the form presets no answer)
        data["in_danger_now"] = "0"
    data.setdefault("submission", secrets.token_urlsafe(16))
    return data


@never_cache
@staff_login_required
@require_http_methods(["GET", "POST"])
def helpline(request: StaffRequest) -> HttpResponse:
    if not may(request.user, Action.OPEN_CASE):
        raise HttpForbidden("your role does not record calls")
    if request.method == "GET":
        return _page(request, {"submission": secrets.token_urlsafe(16)}, {})
    data = _answers(request)
    # Operators are staff recording calls, answerable for each one: no rate limit.
    outcome = pipeline.receive(
        pipeline.Submission(
            channel="helpline",
            actor=request.user,
            validate=lambda: validate_answers(data),
            limited=False,
            key=pipeline.IdempotencyKey.for_token("helpline", data["submission"]),
        )
    )
    if isinstance(outcome, pipeline.Refused):
        return _page(request, data, outcome.errors, status=400)
    if isinstance(outcome, pipeline.NotPermitted):
        message = "You may record calls only for your own area."
        return _page(request, data, {"district": message}, status=403)
    if not isinstance(outcome, pipeline.Accepted):
        return _page(request, data, {"body": str(outcome)}, status=400)
    return render(
        request,
        "intake/helpline_receipt.html",
        {
            "case_ref": outcome.answer.case,
            "receipt_grouped": receipts.grouped(outcome.answer.receipt),
        },
    )


def _page(
    request: HttpRequest, data: dict[str, str], errors: dict[str, str], status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = _render_context(request, data, errors)
    context["sections"] = SECTIONS
    return render(request, "intake/helpline.html", context, status=status)
