"""A guided SMS conversation that ends in the same kind of case, and a receipt by SMS.

Every reply is written to the outbox in the same transaction as the conversation's change, and
delivered by the worker. Urdu (Urdu script), Roman Urdu and English answers are understood;
replies are in Urdu script or English.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases.actors import SystemActor
from nigraan.geo.gazetteer import candidates, place_district
from nigraan.intake import pipeline, receipts
from nigraan.intake.models import SmsConversation, SmsInbound
from nigraan.intake.report_input import validate_answers
from nigraan.intake.sms_words import (
    CATEGORY_BY_NUMBER,
    POLICE_BY_NUMBER,
    POLICE_WORDS,
    REPORTER_BY_NUMBER,
    ROMAN_URDU_HINTS,
    STOP_WORDS,
    TEXT,
    YES_WORDS,
)
from nigraan.notify import sealing
from nigraan.notify.outbox import enqueue_sms

SMS = SystemActor("intake.sms", frozenset({Action.OPEN_CASE}))
QUESTIONS = ["category", "account", "district", "police", "reporter", "consent"]
EXPIRE_SECONDS = 24 * 3600


def phone_digest(phone: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), b"sms-phone\x00" + phone.encode(), hashlib.sha256
    ).hexdigest()


def normalise_phone(raw: str) -> str:
    digits = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ch
        for ch in raw.strip()
        if ch.isdigit() or ch == "+"
    )
    return digits[:20]


def _language(text: str) -> str:
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "ur"
    lowered = text.lower()
    return "ur" if any(hint in lowered for hint in ROMAN_URDU_HINTS) else "en"


def _number(text: str) -> int | None:
    digits = "".join(str(unicodedata.digit(ch)) for ch in text.strip() if ch.isdigit())
    return int(digits) if digits and len(digits) <= 3 else None


def _words(text: str) -> set[str]:
    return {w.strip(".,!?۔") for w in text.lower().split()}


class _Reply:
    def __init__(self, phone: str, key_base: str) -> None:
        self.phone, self.key_base, self.count = phone, key_base, 0

    def __call__(self, text: str) -> None:
        self.count += 1
        enqueue_sms(to=self.phone, text=text, key=f"{self.key_base}:{self.count}")


def handle_inbound(phone_raw: str, text: str, message_date: str = "") -> None:
    """Advance the sender's conversation by one message (idempotent for a retried webhook)."""
    phone = normalise_phone(phone_raw)
    if not phone:
        raise ValueError("no sender number")
    text = (text or "").replace("\x00", "").strip()[:2000]
    # A gateway retry repeats the message's date or id; without one, a repeated text is a new
    # message (the person sent it again) and must not collide with the first.
    retry_id = message_date or uuid.uuid4().hex
    inbound = hashlib.sha256(f"{phone}|{text}|{retry_id}".encode()).hexdigest()
    with transaction.atomic():
        if message_date and SmsInbound.objects.filter(digest=inbound).exists():
            return  # the gateway retried a message we already answered
        SmsInbound.objects.create(digest=inbound, received_at=clock.now())
        _advance(phone, text, _Reply(phone, "sms:" + inbound[:40]))


def _load(digest: str) -> tuple[SmsConversation | None, dict[str, Any]]:
    row = SmsConversation.objects.select_for_update().filter(phone_digest=digest).first()
    if row is None or (clock.now() - row.updated_at).total_seconds() > EXPIRE_SECONDS:
        return row, {}
    return row, json.loads(sealing.unseal(bytes(row.sealed_state), "sms|" + digest))


def _save(row: SmsConversation | None, digest: str, state: dict[str, Any]) -> None:
    sealed = sealing.seal(json.dumps(state), "sms|" + digest)
    if row is None:
        SmsConversation.objects.create(
            phone_digest=digest, sealed_state=sealed, updated_at=clock.now()
        )
    else:
        row.sealed_state, row.updated_at = sealed, clock.now()
        row.save()


def _advance(phone: str, text: str, reply: _Reply) -> None:
    digest = phone_digest(phone)
    row, state = _load(digest)
    words = _words(text)
    if not state:
        state = {"language": _language(text), "step": "category", "answers": {}}
        _save(row, digest, state)
        reply(TEXT[state["language"]]["category"])
        return
    say = TEXT[state["language"]]
    if words & STOP_WORDS:
        if row is not None:
            row.delete()
        reply(say["cancelled"])
        return
    step, answers = state["step"], state["answers"]
    number = _number(text)

    def ask(next_step: str) -> None:
        state["step"] = next_step
        _save(row, digest, state)
        reply(say[next_step])

    def again() -> None:
        reply(say["not_understood"].format(question=say[step]))

    if step == "category":
        if number not in CATEGORY_BY_NUMBER:
            return again()
        answers["category"] = CATEGORY_BY_NUMBER[number]
        return ask("account")
    if step == "account":
        if len(text) < 3:
            return again()
        answers["account"] = text
        return ask("district")
    if step in ("district", "district_again", "district_pick"):
        if number == 0:
            answers["district"] = ""
            return ask("police")
        if (
            step == "district_pick"
            and number is not None
            and 1 <= number <= len(state.get("options", []))
        ):
            answers["district"] = state["options"][number - 1][0]
            return ask("police")
        match = place_district(text)
        if match is not None:
            answers["district"] = match.district_code
            return ask("police")
        options = [
            (m.district_code, m.district_ur if state["language"] == "ur" else m.district_en)
            for m in candidates(text, 6)
        ]
        if len(options) > 1:
            state["options"] = options
            state["step"] = "district_pick"
            _save(row, digest, state)
            reply(
                say["district_pick"].format(
                    options=", ".join(f"{i} {name}" for i, (_, name) in enumerate(options, 1))
                )
            )
            return None
        return ask("district_again")
    if step == "police":
        if number not in POLICE_BY_NUMBER:
            return again()
        answers["police"] = POLICE_BY_NUMBER[number]
        return ask("reporter")
    if step == "reporter":
        if number not in REPORTER_BY_NUMBER:
            return again()
        answers["reporter"] = REPORTER_BY_NUMBER[number]
        return ask("consent")
    if step == "consent":
        if not words & YES_WORDS:
            return again()
        return _finish(row, phone, state, bool(words & POLICE_WORDS), reply)
    return again()


def _finish(
    row: SmsConversation | None,
    phone: str,
    state: dict[str, Any],
    share_police: bool,
    reply: _Reply,
) -> None:
    say = TEXT[state["language"]]
    answers = {
        **state["answers"],
        "contact": "phone",
        "phone": phone,
        "consent_understood": True,
        "consent_share_police": share_police,
    }
    # SMS has no client address (the gateway is the client): limited per phone and site-wide.
    outcome = pipeline.receive(
        pipeline.Submission(channel="sms", actor=SMS, validate=lambda: validate_answers(answers))
    )
    if isinstance(outcome, pipeline.Limited):
        reply(say["limited"])
        return
    if not isinstance(outcome, pipeline.Accepted):
        reply(say["not_understood"].format(question=say["category"]))
        state.update({"step": "category", "answers": {}})
        _save(row, phone_digest(phone), state)
        return
    reply(say["received"].format(code=receipts.grouped(outcome.answer.receipt)))
    if row is not None:
        row.delete()
