"""The one way a report comes in, for every channel (web form, JSON API, helpline, SMS).

``receive(submission)`` runs the same steps in the same order for all of them:

1. **Idempotency**, where the channel has a key (the API's ``Idempotency-Key`` header, the form
   pages' submission token): the same key and body give the stored answer again; the same key
   with another body is refused.
2. **Validation** into a ``ReportInput`` (``intake.report_input``: one model for every channel).
3. **Rate limits**, the same rules wherever they apply (``intake.limits``): per client address
   (where the channel has one), per reporter phone number (where the report gives one), and
   across the site. Helpline operators are staff recording calls, and are not limited.
4. **Submit**: ``submit_report`` opens the case and issues the receipt in one transaction, and
   stores the idempotent answer inside it.
5. **The answer**: the channel renders an ``Outcome`` (a page, JSON or an SMS reply).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases.actors import Actor
from nigraan.cases.commands import CommandRefused
from nigraan.intake import idempotency, limits
from nigraan.intake.report_input import ReportInput, ReportInvalid
from nigraan.intake.submit import SubmittedReport, submit_report


@dataclass(frozen=True)
class ReportAnswer:
    """What a reporter gets back: the case, the receipt code (shown once) and the base64 leaf
    hash of the report's first ledger event."""

    case: str
    receipt: str
    leaf_hash: str

    @classmethod
    def of(cls, submitted: SubmittedReport) -> ReportAnswer:
        leaf = base64.b64encode(submitted.leaf_hash).decode()
        return cls(submitted.case_ref, submitted.receipt_code, leaf)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ReportAnswer:
        return cls(str(body["case"]), str(body["receipt"]), str(body["leaf_hash"]))

    def as_json(self) -> dict[str, str]:
        return {"case": self.case, "receipt": self.receipt, "leaf_hash": self.leaf_hash}


@dataclass(frozen=True)
class Accepted:
    answer: ReportAnswer
    replayed: bool = False


@dataclass(frozen=True)
class Refused:
    """Nothing was saved. ``errors`` maps fields to messages; ``"body"`` holds a refusal of the
    report as a whole (say, by the case command)."""

    errors: dict[str, str]
    contradiction: bool = False  # only answers that contradict each other (the API's 422)


@dataclass(frozen=True)
class Limited:
    until: dt.datetime


@dataclass(frozen=True)
class KeyReused:
    message: str


@dataclass(frozen=True)
class NotPermitted:
    """The acting staff member may not open a case there (helpline operators: their own area)."""

    message: str


Outcome = Accepted | Refused | Limited | KeyReused | NotPermitted


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    body_digest: str

    @classmethod
    def for_token(cls, channel: str, token: str) -> IdempotencyKey:
        """A form page's submission token: a reload of the same form gives the same receipt."""
        key = f"{channel}:{token[:100]}"
        return cls(key, idempotency.request_digest(key.encode()))


@dataclass(frozen=True)
class Submission:
    """One report arriving on one channel. ``validate`` turns the channel's input into a
    ``ReportInput`` (or raises ``ReportInvalid``); it runs after the idempotency check."""

    channel: str
    actor: Actor
    validate: Callable[[], ReportInput]
    address: str | None = None
    limited: bool = True
    key: IdempotencyKey | None = None


def phone_key(phone: str) -> str:
    """One number however it is written: "0300 1234567", "+92 300 1234567", "00923001234567"."""
    digits = "".join(ch for ch in phone if ch.isascii() and ch.isdigit())
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "92" + digits[1:]
    return digits


def _replay(key: IdempotencyKey | None) -> Outcome | None:
    if key is None:
        return None
    try:
        stored = idempotency.lookup(key.key, key.body_digest)
    except idempotency.KeyReused as exc:
        return KeyReused(str(exc))
    if stored is None:
        return None
    return Accepted(ReportAnswer.from_json(stored.body), replayed=True)


def receive(submission: Submission) -> Outcome:
    """Idempotency, validation, rate limits, submit: see the module's docstring."""
    replayed = _replay(submission.key)
    if replayed is not None:
        return replayed
    try:
        report = submission.validate()
    except ReportInvalid as invalid:
        return Refused(invalid.errors, invalid.contradiction)
    phone = phone_key(report.phone) if report.phone else ""
    if submission.limited:
        lock = limits.report_lock(submission.address, phone)
        if lock:
            return Limited(lock.until)
    key = submission.key

    def remember(submitted: SubmittedReport) -> None:
        if key is not None:
            answer = ReportAnswer.of(submitted).as_json()
            idempotency.store(key.key, key.body_digest, 201, answer)

    try:
        submitted = submit_report(submission.actor, submission.channel, report, remember=remember)
    except PermissionDenied as exc:
        return NotPermitted(str(exc))
    except CommandRefused as exc:
        return Refused({"body": str(exc)})
    if submission.limited:
        limits.count_report(submission.address, phone)
    return Accepted(ReportAnswer.of(submitted))
