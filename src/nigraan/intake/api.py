"""JSON API for partner apps: POST /api/v1/reports and POST /api/v1/follow-up.
The OpenAPI document is served at /api/v1/openapi.json."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from nigraan import clock
from nigraan.cases import commands
from nigraan.intake import idempotency, limits
from nigraan.intake.report_input import ReportInvalid, validate_report
from nigraan.intake.stage_words import stage_sentence
from nigraan.intake.submit import API, FOLLOW_UP, case_for_code, submit_report

MAX_BODY = 64 * 1024
OPENAPI = Path(__file__).resolve().parent / "openapi.json"


def _error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY:
        raise ValueError(f"the request body is larger than {MAX_BODY // 1024} KB")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("the request body is not valid UTF-8") from exc
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"the request body is not valid JSON ({exc.msg} at character {exc.pos})"
        ) from exc
    if not isinstance(body, dict):
        raise ValueError("the request body must be a JSON object")
    return body


@csrf_exempt
@require_POST
def reports(request: HttpRequest) -> HttpResponse:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > idempotency.MAX_KEY:
        return _error("the Idempotency-Key header is too long (at most 200 characters)", 400)
    body_digest = idempotency.request_digest(request.body)
    if key:
        try:
            stored = idempotency.lookup(key, body_digest)
        except idempotency.KeyReused as exc:
            return _error(str(exc), 422)
        if stored is not None:
            response = JsonResponse(stored.body, status=stored.status)
            response["Idempotent-Replayed"] = "true"
            return response
    try:
        body = _json_body(request)
    except ValueError as exc:
        return _error(str(exc), 400)
    try:
        report = validate_report(body, timezone.localdate(clock.now()))
    except ReportInvalid as invalid:
        return _error("the report was not accepted; nothing was saved", 400, fields=invalid.errors)
    address = limits.address_of(request)
    lock = limits.report_lock(address, report.phone)
    if lock:
        return _error(
            f"too many reports from this address; try again after {lock.until.isoformat()}", 429
        )

    def answer(submitted) -> dict:
        return {
            "case": submitted.case_ref,
            "receipt": submitted.receipt_code,
            "leaf_hash": base64.b64encode(submitted.leaf_hash).decode(),
        }

    def remember(submitted) -> None:
        if key:
            idempotency.store(key, body_digest, 201, answer(submitted))

    submitted = submit_report(API, "api", report, remember=remember)
    limits.count_report(address, report.phone)
    response = JsonResponse(answer(submitted), status=201)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def follow_up(request: HttpRequest) -> HttpResponse:
    try:
        body = _json_body(request)
    except ValueError as exc:
        return _error(str(exc), 400)
    address = limits.address_of(request)
    lock = limits.receipt_lock(address)
    if lock:
        return _error(
            f"too many wrong receipt codes; try again after {lock.until.isoformat()}", 429
        )
    code = body.get("receipt")
    case = case_for_code(code) if isinstance(code, str) else None
    if case is None:
        limits.count_wrong_receipt(address)
        return _error("that receipt code is not right", 404)
    message = body.get("message")
    if message is not None:
        try:
            commands.add_reporter_message(
                FOLLOW_UP, case.ref, text=message, purpose=str(body.get("purpose", "message"))
            )
        except commands.CommandRefused as exc:
            return _error(str(exc), 400)
    return JsonResponse(
        {
            "case": case.ref,
            "stage": case.stage,
            "stage_text": stage_sentence(case.stage, case.is_open),
            "messages": [
                {"from": who, "text": text, "at": at.isoformat()}
                for who, text, at in commands.reporter_conversation(case.ref)
            ],
        },
        headers={"Cache-Control": "no-store"},
    )


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(OPENAPI.read_text(encoding="utf-8"), content_type="application/json")
