"""Anonymous follow-up with a receipt code, the same for the web pages and the JSON API: the
code opens the case (wrong codes limited per address; across the site an alarm), then the reporter
reads the stage and the conversation and writes to the officer."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import NamedTuple

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.intake import limits, receipts
from nigraan.intake.models import Receipt
from nigraan.intake.stage_words import stage_sentence
from nigraan.intake.submit import FOLLOW_UP, case_for_code

PURPOSES = ("message", "information")


@dataclass(frozen=True)
class Opened:
    case: Case
    session: str = ""  # this login's token; any earlier login's session ends
    new_code: str = ""  # the receipt's replacement, shown once, when the old one was rotated
    previous_login: dt.datetime | None = None  # when the code was last used before this login


@dataclass(frozen=True)
class WrongCode:
    pass


@dataclass(frozen=True)
class Limited:
    until: dt.datetime


class Message(NamedTuple):
    sender: str  # "reporter" or "staff"
    text: str
    at: dt.datetime


def open_by_receipt(code: object, address: str) -> Opened | WrongCode | Limited:
    """Check a receipt code typed by a reporter. Each wrong code counts against the address."""
    lock = limits.receipt_lock(address)
    if lock:
        return Limited(lock.until)
    case = case_for_code(code) if isinstance(code, str) else None
    if case is None:
        limits.count_wrong_receipt(address)
        return WrongCode()
    session = secrets.token_hex(16)
    previous = Receipt.objects.filter(case=case).values_list("last_login_at", flat=True).first()
    Receipt.objects.filter(case=case).update(
        session_hash=_hashed(session), last_login_at=clock.now()
    )
    return Opened(case, session, _rotated(case), previous)


def _rotated(case: Case) -> str:
    """A new code for a receipt someone else saw (helpline), once; "" when not to rotate. The old
    code stops working: whoever else held it is left with a dead code."""
    if not Receipt.objects.filter(case=case, rotate_at_login=True).exists():
        return ""  # most receipts: no argon2 run spent on a rotation
    for _attempt in range(3):
        code = receipts.new_code()
        try:
            with transaction.atomic():
                changed = Receipt.objects.filter(case=case, rotate_at_login=True).update(
                    code_hash=receipts.code_hash(code), rotate_at_login=False
                )
        except IntegrityError:
            continue  # the new code's hash is taken: astronomically unlikely; draw again
        return code if changed else ""
    return ""


def _hashed(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()


def session_current(case: Case, session: object) -> bool:
    """Is this still the newest login with the case's receipt code?"""
    if not isinstance(session, str) or not session:
        return False
    stored = Receipt.objects.filter(case=case).values_list("session_hash", flat=True).first()
    return bool(stored) and hmac.compare_digest(str(stored), _hashed(session))


def write_to_officer(case: Case, text: str, purpose: str = "message") -> str | None:
    """Add the reporter's message to the case; the refusal's message, or None when sent."""
    try:
        commands.add_reporter_message(FOLLOW_UP, case.ref, text=text, purpose=purpose)
    except commands.CommandRefused as exc:
        return str(exc)
    return None


def conversation(case: Case) -> list[Message]:
    return [
        Message(sender, text, at) for sender, text, at in commands.reporter_conversation(case.ref)
    ]


def stage_text(case: Case) -> str:
    return stage_sentence(case.stage, case.is_open)
