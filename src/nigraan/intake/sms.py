"""A guided SMS conversation that ends in the same kind of case, and a receipt by SMS.

Every reply is written to the outbox in the same transaction as the conversation's change, and
delivered by the worker. Urdu (Urdu script), Roman Urdu and English answers are understood;
replies are in Urdu script or English.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.alerts import sms_keywords
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
# How long an inbound message's keyed hashes are kept to recognise a gateway's retry. Retries come
# within minutes; keeping them longer would only keep a record of who texted when.
INBOUND_KEPT = dt.timedelta(days=2)


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


def _keyed(*parts: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), "\x00".join(("sms-inbound", *parts)).encode(), hashlib.sha256
    ).hexdigest()


def _seen(phone: str, text: str, message_id: str) -> tuple[bool, SmsInbound]:
    """Whether this message was handled already, and the row that records it now.

    With the gateway's message id (or date), the same id is the same message. Without one, the
    same text from the same number as its last message, within ``NIGRAAN_SMS_REPEAT_SECONDS``,
    is taken as the gateway's retry: answering it again would put an answer meant for one
    question against the next ("2" for "parent" stored as "FIR registered")."""
    sender, repeat = _keyed("sender", phone), _keyed("repeat", phone, text)
    now = clock.now()
    row = SmsInbound(sender=sender, repeat=repeat, received_at=now)
    if message_id:
        row.digest = _keyed("id", phone, text, message_id)
        return SmsInbound.objects.filter(digest=row.digest).exists(), row
    row.digest = _keyed("unique", uuid.uuid4().hex)
    window = dt.timedelta(seconds=settings.NIGRAAN_SMS_REPEAT_SECONDS)
    last = SmsInbound.objects.filter(sender=sender).order_by("-received_at", "-id").first()
    return bool(last and last.repeat == repeat and last.received_at >= now - window), row


def handle_inbound(
    phone_raw: str,
    text: str,
    message_id: str = "",
    *,
    opted_out: bool = False,
    gateway_answered: bool = False,
) -> None:
    """Advance the sender's conversation by one message, once per message however often the
    gateway delivers it (``message_id``: the gateway's id or date for it, when it has one).
    ``opted_out``: the gateway took the message as an opt-out; the conversation ends, and no
    reply is sent because none could reach the sender. ``gateway_answered``: the gateway replied
    to it itself (Twilio's HELP); the conversation stays as it was and nothing is sent."""
    phone = normalise_phone(phone_raw)
    if not phone:
        raise ValueError("no sender number")
    text = (text or "").replace("\x00", "").strip()[:2000]
    try:
        with transaction.atomic():
            seen, row = _seen(phone, text, message_id.strip()[:200])
            if seen:
                return  # the gateway retried a message we already answered
            row.save()
            SmsInbound.objects.filter(received_at__lt=row.received_at - INBOUND_KEPT).delete()
            if opted_out:
                # The carrier blocks further SMS to this number: the conversation ends, and so
                # does any alert subscription (nothing could reach it).
                SmsConversation.objects.filter(phone_digest=phone_digest(phone)).delete()
                sms_keywords.opted_out(phone)
                return
            if gateway_answered:
                return
            _advance(phone, text, _Reply(phone, "sms:" + row.digest[:40]))
    except IntegrityError:
        # The same message delivered twice at once: the other delivery answered it.
        if not SmsInbound.objects.filter(digest=row.digest).exists():
            raise


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
    keyword = None if state else sms_keywords.parse(text)
    if keyword is not None:
        # ALERT <district> / الرٹ <ضلع> (or STOP): an alert subscription, not a report.
        reply(sms_keywords.answer(phone, keyword))
        return
    if not state:
        state = {"language": _language(text), "step": "category", "answers": {}}
        _save(row, digest, state)
        reply(TEXT[state["language"]]["category"])
        return
    if _words(text) & STOP_WORDS:
        if row is not None:
            row.delete()
        reply(TEXT[state["language"]]["cancelled"])
        return
    turn = _Turn(row, digest, phone, state, text, reply)
    _STEPS.get(turn.step, _Turn.again)(turn)


@dataclass
class _Turn:
    """One message in a conversation under way: what was said, where the conversation stood,
    and how to answer."""

    row: SmsConversation | None
    digest: str
    phone: str
    state: dict[str, Any]
    text: str
    reply: _Reply

    def __post_init__(self) -> None:
        self.step: str = self.state["step"]
        self.answers: dict[str, Any] = self.state["answers"]
        self.say: dict[str, str] = TEXT[self.state["language"]]
        self.words = _words(self.text)
        self.number = _number(self.text)

    def ask(self, next_step: str) -> None:
        """Move on to ``next_step`` and ask its question."""
        self.state["step"] = next_step
        _save(self.row, self.digest, self.state)
        self.reply(self.say[next_step])

    def again(self) -> None:
        """The answer was not understood: ask the same question again."""
        self.reply(self.say["not_understood"].format(question=self.say[self.step]))


def _numbered(key: str, choices: dict[int, str], then: str) -> Callable[[_Turn], None]:
    """A question answered by a number from a list (the category, the police, the reporter)."""

    def answer(turn: _Turn) -> None:
        if turn.number not in choices:
            turn.again()
            return
        turn.answers[key] = choices[turn.number]
        turn.ask(then)

    return answer


def _account(turn: _Turn) -> None:
    if len(turn.text) < 3:
        turn.again()
        return
    turn.answers["account"] = turn.text
    turn.ask("district")


def _district(turn: _Turn) -> None:
    """0 for "I don't know", a number from the list offered, or a place's name."""
    number, options = turn.number, turn.state.get("options", [])
    if number == 0:
        turn.answers["district"] = ""
        turn.ask("police")
        return
    if turn.step == "district_pick" and number is not None and 1 <= number <= len(options):
        turn.answers["district"] = options[number - 1][0]
        turn.ask("police")
        return
    match = place_district(turn.text)
    if match is not None:
        turn.answers["district"] = match.district_code
        turn.ask("police")
        return
    _offer_districts(turn)


def _offer_districts(turn: _Turn) -> None:
    """Offer the districts the name may mean, numbered; or ask again if it matched none or one."""
    urdu = turn.state["language"] == "ur"
    options = [
        (m.district_code, m.district_ur if urdu else m.district_en)
        for m in candidates(turn.text, 6)
    ]
    if len(options) <= 1:
        turn.ask("district_again")
        return
    turn.state["options"] = options
    turn.state["step"] = "district_pick"
    _save(turn.row, turn.digest, turn.state)
    listed = ", ".join(f"{i} {name}" for i, (_, name) in enumerate(options, 1))
    turn.reply(turn.say["district_pick"].format(options=listed))


def _consent(turn: _Turn) -> None:
    if not turn.words & YES_WORDS:
        turn.again()
        return
    _finish(turn.row, turn.phone, turn.state, bool(turn.words & POLICE_WORDS), turn.reply)


_STEPS: dict[str, Callable[[_Turn], None]] = {
    "category": _numbered("category", CATEGORY_BY_NUMBER, then="account"),
    "account": _account,
    "district": _district,
    "district_again": _district,
    "district_pick": _district,
    "police": _numbered("police", POLICE_BY_NUMBER, then="reporter"),
    "reporter": _numbered("reporter", REPORTER_BY_NUMBER, then="consent"),
    "consent": _consent,
}


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
