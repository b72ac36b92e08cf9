"""The partner JSON API of intake: ``POST /api/v1/reports`` and ``POST /api/v1/follow-up``.

Both read their body with ``api.json_body`` and validate it with the pydantic model that is its
schema in the OpenAPI document (``ReportFields``, ``FollowUpRequest``); a report then goes
through the same ``intake.pipeline`` as every other channel, a follow-up through
``intake.follow_up`` like the web pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nigraan import clock
from nigraan.api.document import request_body, without_default
from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.api.json_body import JSON, json_object, parse_json, read_body
from nigraan.api.text import NOT_BLANK
from nigraan.cases import commands
from nigraan.cases.vocabulary import Stage
from nigraan.intake import follow_up, idempotency, limits, pipeline
from nigraan.intake.proof_check import check_report_in_log
from nigraan.intake.report_input import ReportInput, validate_report
from nigraan.intake.report_messages import field_messages
from nigraan.intake.submit import API

MAX_BODY = 256 * 1024  # a 10,000-character account fits even with every character \u-escaped
router = Router(tags=["Reports"])


class ReportAccepted(BaseModel):
    case: str = Field(description="The case reference.")
    receipt: str = Field(
        pattern="^[0-9]{20}$",
        description="Shown once: give it to the reporter, in groups of four digits.",
    )
    leaf_hash: str = Field(
        description="Base64 RFC 9162 leaf hash of the report's first ledger event."
    )


class FollowUpRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", title="FollowUp")

    receipt: str = Field(max_length=100, description="The 20-digit receipt code.")
    message: Annotated[
        str,
        Field(
            max_length=commands.MAX_MESSAGE_CHARS,
            pattern=NOT_BLANK,
            description="A message to the officer, or information to add.",
            json_schema_extra=without_default,
        ),
    ] = ""
    purpose: Literal["message", "information"] = "message"


class ConversationMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    sender: Literal["reporter", "staff"] = Field(alias="from")
    text: str
    at: dt.datetime


class LogCheckAnswer(BaseModel):
    state: Literal["included", "pending", "missing", "unchecked"] = Field(
        description="included: still in the log up to the newest witnessed head; pending: in "
        "the log, no witnessed head covers it yet; missing: the log no longer holds what the "
        "reporter's proof shows (keep the proof, call the helpline); unchecked: the witnessed "
        "head itself does not verify."
    )
    proof_tree_size: int | None = Field(
        description="The head the reporter's proof was issued under."
    )
    witnessed_tree_size: int | None = Field(description="The witnessed head checked against.")


class FollowUpAnswer(BaseModel):
    case: str
    stage: Stage
    stage_text: str = Field(description="The stage in plain words.")
    messages: list[ConversationMessage]
    log_check: LogCheckAnswer = Field(
        description="Is the report still in the public log? Checked at every follow-up."
    )
    previous_login: dt.datetime | None = Field(
        None,
        description="When this receipt code last opened the case before this request (null the "
        "first time). A time the reporter does not recognise means someone else has the code.",
    )
    new_receipt: str | None = Field(
        None,
        description="Set once, at the first follow-up of a report taken by the helpline: the "
        "receipt code was replaced (the operator saw the old one, which no longer works). The "
        "reporter must keep this new code.",
    )


def _retry_after(until: dt.datetime) -> dict[str, str]:
    seconds = max(1, int((until - clock.now()).total_seconds()) + 1)
    return {"Retry-After": str(seconds)}


def _limited(what: str, until: dt.datetime) -> ApiRefusal:
    return ApiRefusal(
        429, f"{what}; try again after {until.isoformat()}", headers=_retry_after(until)
    )


def _validate_body(body: bytes) -> ReportInput:
    return validate_report(parse_json(body))


REPORTS_DOC = """Accepted whole or refused whole; the answer is given only after the report is
durably committed. With an `Idempotency-Key`, a repeated request returns the same answer (header
`Idempotent-Replayed: true`) and creates nothing new; the same key with a different body is
refused with 422. Answers that contradict each other (a field of a branch not chosen, such as
`when_date` without `when = date` or `phone` with `contact = none`; a district outside the
province) are refused with 422, `fields` naming both answers; other invalid input with 400.
Limits: per client address, per reporter phone number and site-wide (429 with
`Retry-After`)."""


@router.post(
    "/reports",
    response={201: ReportAccepted, **errors_for(400, 405, 413, 415, 422, 429)},
    summary="Submit a report",
    description=REPORTS_DOC,
    openapi_extra=request_body("Report"),
)
def reports(request: HttpRequest, response: HttpResponse) -> Status[dict[str, str]]:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > idempotency.MAX_KEY:
        raise ApiRefusal(400, "the Idempotency-Key header is too long (at most 200 characters)")
    if request.content_type != JSON:
        raise ApiRefusal(415, "the request body must be JSON (Content-Type: application/json)")
    body = read_body(request, MAX_BODY)
    outcome = pipeline.receive(
        pipeline.Submission(
            channel="api",
            actor=API,
            validate=lambda: _validate_body(body),
            address=limits.address_of(request),
            key=pipeline.IdempotencyKey(key, idempotency.request_digest(body)) if key else None,
        )
    )
    if isinstance(outcome, pipeline.Accepted):
        response["Cache-Control"] = "no-store"
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return Status(201, outcome.answer.as_json())
    if isinstance(outcome, pipeline.Refused):
        if outcome.contradiction:
            message = "answers contradict each other; change one of each pair; nothing was saved"
            raise ApiRefusal(422, message, fields=outcome.errors)
        message = outcome.errors.pop("body", "the report was not accepted; nothing was saved")
        raise ApiRefusal(400, message, fields=outcome.errors or None)
    if isinstance(outcome, pipeline.Limited):
        raise _limited("too many reports from this address or number", outcome.until)
    if isinstance(outcome, pipeline.KeyReused):
        raise ApiRefusal(422, outcome.message)
    raise ApiRefusal(403, outcome.message)


def _follow_up_request(request: HttpRequest) -> FollowUpRequest:
    value, _body = json_object(request, MAX_BODY)
    try:
        return FollowUpRequest.model_validate(value)
    except ValidationError as exc:
        fields = field_messages(exc)
        raise ApiRefusal(400, "the request was not accepted", fields=fields) from None


def _follow_up_answer(case: Any) -> dict[str, Any]:
    checked = check_report_in_log(case)
    return {
        "log_check": {
            "state": checked.state,
            "proof_tree_size": checked.proof_size,
            "witnessed_tree_size": checked.witnessed_size,
        },
        "case": case.ref,
        "stage": case.stage,
        "stage_text": follow_up.stage_text(case),
        "messages": [
            {"from": m.sender, "text": m.text, "at": m.at} for m in follow_up.conversation(case)
        ],
    }


@router.post(
    "/follow-up",
    response={200: FollowUpAnswer, **errors_for(400, 404, 405, 413, 415, 429)},
    summary="Follow up with a receipt code",
    description="The case's stage in plain words and the conversation with the officer; with "
    "`message`, the message is added first. Receipt codes go only in request bodies, never in "
    "URLs. Wrong codes are limited per address (429 with `Retry-After`); a right code is never "
    "refused because of other addresses' guesses.",
    openapi_extra=request_body("FollowUp"),
    by_alias=True,
)
def follow_up_case(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    asked = _follow_up_request(request)
    opened = follow_up.open_by_receipt(asked.receipt, limits.address_of(request))
    if isinstance(opened, follow_up.Limited):
        raise _limited("too many wrong receipt codes", opened.until)
    if isinstance(opened, follow_up.WrongCode):
        raise ApiRefusal(404, "that receipt code is not right")
    if asked.message:
        refused = follow_up.write_to_officer(opened.case, asked.message, asked.purpose)
        if refused:
            raise ApiRefusal(400, refused)
    response["Cache-Control"] = "no-store"
    answer = _follow_up_answer(opened.case)
    answer["new_receipt"] = opened.new_code or None
    answer["previous_login"] = opened.previous_login
    return answer
