"""Protected data and the reporter: authorised reads (each one an event), erasure by destroying
the case key, and the sealed conversation with the reporter, including the message (and SMS)
that tells them an accused person was let go."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import crypto, erasure_hooks, notices_text
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, SystemActor, require_permission
from nigraan.cases.commands.arrivals import announce_reporter_message
from nigraan.cases.commands.core import (
    CommandRefused,
    _clean_text,
    _data_key,
    _lock_case,
    _reason,
    _record,
)
from nigraan.cases.models import Case, CaseKey
from nigraan.notify.notices import notify_role
from nigraan.notify.outbox import enqueue_sms

MAX_MESSAGE_CHARS = 5_000
NOTIFIER_NAME = "custody-notice"
MESSAGE_PURPOSES = ("message", "information")
# A receipt code as a reporter would copy it: 20 digits (any script), alone or in groups split by
# spaces or dashes, with no digit on either side. Staff who read the message could then read the
# conversation as the reporter (issue 11), so such a message is refused before it is stored.
RECEIPT_SHAPED = re.compile(r"(?<!\d)(?:\d[ \-\u00a0]?){19}\d(?!\d)")


@dataclass(frozen=True)
class ProtectedRead:
    """What an authorised read returns: protected fields by name, and notes by event number."""

    fields: dict[str, str]
    notes: dict[int, str]


def _sealed_texts(ref: str, key: bytes) -> dict[int, str]:
    """Every note and message of the case, opened, by event number."""
    notes = {}
    for recorded in ev.case_history(ref):
        event = recorded.event
        if isinstance(event, ev.NoteAdded):
            notes[recorded.seq] = crypto.open_sealed(key, ref, "note", event.note)
        elif isinstance(event, ev.ReporterMessage | ev.ReplyToReporter):
            notes[recorded.seq] = crypto.open_sealed(key, ref, "message", event.text)
    return notes


@transaction.atomic
def read_protected(actor: Actor, ref: str, *, reason: str) -> ProtectedRead:
    """Decrypt a case's protected fields and notes for an authorised person. The read is itself
    an event (who, which case, when, why), committed with the same transaction that returns the
    plaintext: if the event cannot be written, nothing is read."""
    case = _lock_case(ref)
    require_permission(actor, Action.READ_PROTECTED, case)
    reason = _reason(reason, required=True)
    if case.is_shredded:
        raise crypto.KeyUnavailable(f"the protected data of case {ref} was erased")
    key = _data_key(case)
    fields = {
        name: crypto.open_sealed(key, ref, name, token)
        for name, token in sorted(case.protected.items())
    }
    notes = _sealed_texts(ref, key)
    read = ev.ProtectedDataRead(fields=tuple(sorted(fields)), notes=len(notes), reason=reason)
    _record(case, ref, actor, read)
    return ProtectedRead(fields=fields, notes=notes)


@transaction.atomic
def request_shred(actor: Actor, ref: str, *, reason: str) -> Case:
    """Ask for the case's protected data to be erased: the first of two administrators. Nothing
    is destroyed until a second administrator approves (``shred_case``)."""
    case = _lock_case(ref)
    require_permission(actor, Action.SHRED_CASE, case)
    reason = _reason(reason, required=True)
    if case.is_shredded:
        raise CommandRefused(_("This case's protected data was already erased."))
    if pending_shred(ref) is not None:
        raise CommandRefused(_("An erasure of this case is already waiting for approval."))
    erasure_hooks.check_erasure(ref)  # e.g. an active alert must end first
    return _record(case, ref, actor, ev.ShredRequested(reason=reason))


def pending_shred(ref: str) -> tuple[str, str] | None:
    """(who asked, why) of the erasure request waiting for a second administrator, if any."""
    pending: tuple[str, str] | None = None
    for recorded in ev.case_history(ref):
        if isinstance(recorded.event, ev.ShredRequested):
            pending = (recorded.actor, recorded.event.reason)
        elif isinstance(recorded.event, ev.CaseShredded):
            pending = None
    return pending


@transaction.atomic
def shred_case(actor: Actor, ref: str, *, reason: str) -> Case:
    """Approve a waiting erasure request as a second administrator and destroy the case's data
    key: its protected values become unreadable for ever, while every event, and so the ledger,
    stays intact and verifiable. The event names both administrators (the actor approved;
    ``requested_by`` asked). Apps that keep copies of the case's data in plain form remove them
    in the same transaction, or refuse (``cases.erasure_hooks``: an active alert must end first)."""
    case = _lock_case(ref)
    require_permission(actor, Action.SHRED_CASE, case)
    reason = _reason(reason, required=True)
    if case.is_shredded:
        raise CommandRefused(_("This case's protected data was already erased."))
    pending = pending_shred(ref)
    if pending is None:
        raise CommandRefused(
            _("Erasure needs two administrators: one requests it, a second approves it.")
        )
    if pending[0] == getattr(actor, "username", None):
        raise CommandRefused(
            _("You asked for this erasure: a second administrator must approve it.")
        )
    erasure_hooks.check_erasure(ref)
    erasure_hooks.run_erasure(ref)  # the published alert rows lose their texts (alerts.erasure)
    key = CaseKey.objects.select_for_update().get(case=case)
    key.wrapped_key = b""
    key.shredded_at = clock.now()
    key.save(update_fields=["wrapped_key", "shredded_at"])
    return _record(case, ref, actor, ev.CaseShredded(reason=reason, requested_by=pending[0]))


def _message_token(case: Case, text: str, what: str) -> str:
    text = _clean_text(text, what, required=True, limit=MAX_MESSAGE_CHARS)
    if case.is_shredded:
        raise CommandRefused(
            _("This case's protected data was erased; messages can no longer be added.")
        )
    return crypto.seal(_data_key(case), case.ref, "message", text)


@transaction.atomic
def add_reporter_message(actor: Actor, ref: str, *, text: str, purpose: str = "message") -> Case:
    """The reporter (through the follow-up page, SMS or the API) writes to the case worker or adds
    information. Sealed like a note; ``actor`` is the channel, never a person's name."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    if purpose not in MESSAGE_PURPOSES:
        raise CommandRefused(_("Unknown kind of message."))
    if RECEIPT_SHAPED.search(text):
        raise CommandRefused(
            _(
                "Your message contains a number that looks like a receipt code. Never write your "
                "receipt code in a message: anyone who sees it could read your case. Remove it "
                "and send again."
            )
        )
    token = _message_token(case, text, _("Your message"))
    case = _record(case, ref, actor, ev.ReporterMessage(text=token, purpose=purpose))
    announce_reporter_message(case, purpose)
    return case


@transaction.atomic
def reply_to_reporter(actor: Actor, ref: str, *, text: str) -> Case:
    """A staff member answers the reporter; the reporter reads it on the follow-up page."""
    case = _lock_case(ref)
    require_permission(actor, Action.READ_PROTECTED, case)
    require_permission(actor, Action.ADD_NOTE, case)
    token = _message_token(case, text, _("The reply"))
    return _record(case, ref, actor, ev.ReplyToReporter(text=token))


def reporter_conversation(ref: str) -> list[tuple[str, str, dt.datetime]]:
    """(who, text, when) of the conversation with the reporter, for the reporter holding the
    receipt. The caller has already checked the receipt."""
    case = Case.objects.get(ref=ref)
    if case.is_shredded:
        return []
    key = _data_key(case)
    conversation = []
    for recorded in ev.case_history(ref):
        event = recorded.event
        if isinstance(event, ev.ReporterMessage | ev.ReplyToReporter):
            who = "reporter" if isinstance(event, ev.ReporterMessage) else "staff"
            text = crypto.open_sealed(key, ref, "message", event.text)
            conversation.append((who, text, recorded.at))
    return conversation


def tell_reporter_of_release(case: Case, custody: str, day: str) -> None:
    """An accused person was bailed, released or acquitted: oversight is told, and the reporter
    gets a message on the follow-up page and, if they asked to be contacted by phone, an SMS. In
    the transaction of the change that caused it."""
    notifier = SystemActor(NOTIFIER_NAME, frozenset({Action.READ_PROTECTED, Action.ADD_NOTE}))
    notify_role(
        case,
        "oversight",
        notices_text.accused_released(ref=case.ref, custody=custody, day=day),
        key=f"release:{case.ref}:{case.last_seq}",
    )
    if case.is_shredded:
        return
    key = _data_key(case)
    text = notices_text.release_message_to_reporter(custody=custody, day=day)
    sealed = crypto.seal(key, case.ref, "message", text)
    _record(case, case.ref, notifier, ev.ReplyToReporter(text=sealed, notice=custody))
    phone_token = case.protected.get("reporter_phone")
    if phone_token and case.report.get("contact") == "phone":
        phone = crypto.open_sealed(key, case.ref, "reporter_phone", phone_token)
        read = ev.ProtectedDataRead(
            fields=("reporter_phone",), notes=0, reason="tell the reporter of a release"
        )
        _record(case, case.ref, notifier, read)
        sms = notices_text.release_sms_to_reporter(custody=custody, day=day)
        enqueue_sms(to=phone, text=sms, key=f"custody:{case.ref}:{case.last_seq}")
