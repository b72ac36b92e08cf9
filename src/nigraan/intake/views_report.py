"""The public report form at /<lang>/report/: server-rendered, works with JavaScript off."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.cases.vocabulary import AgeBand, Category, Gender
from nigraan.geo.models import District, Province
from nigraan.intake import limits, next_steps, pipeline, receipts, review
from nigraan.intake.report_input import ReportInput, ReportInvalid, validate_answers
from nigraan.intake.steps import ALL_FIELDS, BOOLEAN_FIELDS, DANGER, LAST, STEPS, step_of
from nigraan.intake.submit import WEB
from nigraan.intake.vocabulary import (
    AbuserRelation,
    AgoUnit,
    ContactMethod,
    PoliceStatus,
    ReporterRelation,
    WhenKind,
)

MAX_FIELD_CHARS = 20_000


def _data(request: HttpRequest) -> dict[str, str]:
    data = {}
    for name in ALL_FIELDS:
        value = request.POST.get(name)
        if value is not None:
            data[name] = value[: MAX_FIELD_CHARS + 1]
    return data


def _districts_by_province(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    field = "name_ur" if language == "ur" else "name_en"
    provinces = {p.code: getattr(p, field) for p in Province.objects.all()}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for d in District.objects.order_by(field):
        grouped.setdefault(d.province_id, []).append((d.code, getattr(d, field)))
    return [
        (provinces[code], grouped.get(code, []))
        for code in sorted(provinces, key=lambda c: provinces[c])
    ]


def _render_context(
    request: HttpRequest, data: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    """What the form sections need, for the public form and the helpline page alike."""
    language = request.LANGUAGE_CODE
    return {
        "data": data,
        "errors": errors,
        "choices": {
            "category": Category.choices,
            "age_band": AgeBand.choices,
            "gender": Gender.choices,
            "abuser_relation": AbuserRelation.choices,
            "police": PoliceStatus.choices,
            "reporter": ReporterRelation.choices,
            "contact": ContactMethod.choices,
            "when": WhenKind.choices,
            "ago_unit": AgoUnit.choices,
        },
        "provinces": [
            (p.code, p.name_ur if language == "ur" else p.name_en)
            for p in Province.objects.order_by("code")
        ],
        "districts": _districts_by_province(language),
        "today": timezone.localdate(clock.now()).isoformat(),
    }


def _render(
    request: HttpRequest,
    step: int,
    data: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    *,
    reviewing: bool = False,
) -> HttpResponse:
    current = set(STEPS[step][1])
    context = _render_context(request, data, errors)
    context.update(
        {
            "step": step,
            "step_name": STEPS[step][0],
            "step_number": step + 1,
            "step_count": len(STEPS),
            "carried": [(name, value) for name, value in data.items() if name not in current],
            "is_last": step == LAST,
            "reviewing": reviewing and step != LAST,
            "danger": data.get(DANGER) == "1",
        }
    )
    if step == LAST:
        context["review"] = review.sections(data, context)
    if step != 2:
        context["districts"] = []
    return render(request, "intake/report.html", context, status=status)


def _step(request: HttpRequest) -> int:
    try:
        return max(0, min(LAST, int(request.POST.get("step", "0"))))
    except ValueError:
        return 0


def _read_step(request: HttpRequest, data: dict[str, str], step: int) -> None:
    """The check boxes of the step just shown; "danger now" keeps yes, no and not answered."""
    for name in STEPS[step][1]:
        if name == DANGER:
            answer = request.POST.get(name, "")
            data[name] = answer if answer in ("1", "0") else ""
        elif name in BOOLEAN_FIELDS:
            data[name] = "1" if request.POST.get(name) in ("1", "on", "yes") else ""


def _problems(data: dict[str, str]) -> tuple[dict[str, str], ReportInput | None]:
    errors: dict[str, str] = {}
    report_input = None
    try:
        report_input = validate_answers(data)
    except ReportInvalid as invalid:
        errors = dict(invalid.errors)
    if data.get(DANGER) not in ("1", "0"):  # never assumed: not answering is refused
        errors[DANGER] = _("Please choose Yes or No.")
    return errors, report_input


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, 0, {"submission": secrets.token_urlsafe(16)}, {})
    data = _data(request)
    if not data.get("submission"):
        data["submission"] = secrets.token_urlsafe(16)
    step = _step(request)
    go = request.POST.get("go", "")
    reviewing = request.POST.get("reviewing") == "1"
    if go == "back":
        return _render(request, max(0, step - 1), data, {}, reviewing=reviewing)
    if go.startswith("edit-") and go[5:].isdigit():  # "Change" on the review step
        return _render(request, min(int(go[5:]), LAST), data, {}, reviewing=True)
    _read_step(request, data, step)
    errors, report_input = _problems(data)
    blocking = {k: v for k, v in errors.items() if step_of(k) <= step}
    if blocking:
        first = min(step_of(k) for k in blocking)
        return _render(request, first, data, blocking, status=400, reviewing=reviewing)
    if step < LAST or report_input is None:
        following = LAST if reviewing else min(step + 1, LAST)
        return _render(request, following, data, {}, reviewing=reviewing)
    return _submit(request, data, report_input)


def _submit(request: HttpRequest, data: dict[str, str], report_input: ReportInput) -> HttpResponse:
    outcome = pipeline.receive(
        pipeline.Submission(
            channel="web",
            actor=WEB,
            validate=lambda: report_input,
            address=limits.address_of(request),
            key=pipeline.IdempotencyKey.for_token("web", data["submission"]),
        )
    )
    if isinstance(outcome, pipeline.Accepted):
        return _receipt(request, outcome.answer, report_input)
    if isinstance(outcome, pipeline.Limited):
        return render(request, "intake/limited.html", {"until": outcome.until}, status=429)
    if isinstance(outcome, pipeline.Refused):
        first = min((step_of(k) for k in outcome.errors), default=LAST)
        return _render(request, first, data, outcome.errors, status=400)
    return _render(request, LAST, data, {"body": outcome.message}, status=400)


def _receipt(
    request: HttpRequest, answer: pipeline.ReportAnswer, report_input: ReportInput
) -> HttpResponse:
    context = {
        "receipt_grouped": receipts.grouped(answer.receipt),
        "promise": next_steps.promise(report_input),
        "in_danger_now": report_input.in_danger_now,
        "contact": report_input.contact,
    }
    response = render(request, "intake/receipt.html", context)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "intake/csrf_failure.html", status=403)
