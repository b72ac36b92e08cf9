"""The one way in for every change to a case.

Each command validates its input, checks permission, appends events through the ledger and
updates the projection, all in one transaction: it either happens whole or not at all.
Views, SMS handlers, imports and the demo all call these; nobody writes events by hand.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC
from datetime import date as dt_date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET, UnsetType

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases import projection as p
from nigraan.cases.actors import Actor, actor_name, require_permission
from nigraan.cases.deadlines import refresh_deadlines
from nigraan.cases.models import Case, CaseKey, Deadline
from nigraan.cases.vocabulary import (
    CORRECTABLE_PLAIN_FIELDS,
    PROTECTED_FIELDS,
    AgeBand,
    Category,
    Channel,
    Gender,
    Stage,
)
from nigraan.geo.models import District, Province
from nigraan.ledger.append import append_event

MAX_PROTECTED_CHARS = 20_000
MAX_REASON_CHARS = 1_000
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


class CommandRefused(ValueError):
    """Input a person can fix. The message says what to fix, in the request's language."""


@dataclass(frozen=True)
class CaseLocation:
    """Where a case is, for permission checks before the case exists."""

    district_id: str | None
    province_id: str | None


def _new_ref() -> str:
    while True:
        ref = "NGR-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        if not Case.objects.filter(ref=ref).exists():
            return ref


def _choice(value: Any, choices: type, what: str) -> str:
    if value not in choices.values:
        raise CommandRefused(
            _("Unknown %(what)s: choose one of the listed options.") % {"what": what}
        )
    return str(value)


def _clean_text(value: Any, what: str, *, required: bool, limit: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise CommandRefused(_("%(what)s must be text.") % {"what": what})
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise CommandRefused(_("%(what)s is required.") % {"what": what})
    if len(value) > limit:
        raise CommandRefused(
            _("%(what)s is too long: at most %(limit)d characters.")
            % {"what": what, "limit": limit}
        )
    return value


def _reason(reason: Any, *, required: bool) -> str:
    return _clean_text(reason, _("A reason"), required=required, limit=MAX_REASON_CHARS)


def _place(district_code: str | None, province_code: str | None) -> tuple[str | None, str | None]:
    """Validate a district/province pair; the province follows from the district when given."""
    if district_code:
        district = District.objects.filter(code=district_code).only("code", "province_id").first()
        if district is None:
            raise CommandRefused(
                _("Unknown district: choose one from the list, or “I don't know”.")
            )
        if province_code and province_code != district.province_id:
            raise CommandRefused(_("That district is not in the chosen province."))
        return district.code, district.province_id
    if province_code:
        if not Province.objects.filter(code=province_code).exists():
            raise CommandRefused(
                _("Unknown province: choose one from the list, or “I don't know”.")
            )
        return None, province_code
    return None, None


def _lock_case(ref: str) -> Case:
    case = Case.objects.select_for_update().filter(ref=ref).first()
    if case is None:
        raise CommandRefused(_("No case has the reference %(ref)s.") % {"ref": ref})
    return case


def _data_key(case: Case) -> bytes:
    key = CaseKey.objects.get(case=case)
    return crypto.unwrap_data_key(case.ref, bytes(key.wrapped_key))


def _record(case: Case | None, ref: str, actor: Actor, event: ev.CaseEvent) -> Case:
    """Append one event and apply it to the projection (inside the caller's transaction)."""
    appended = append_event(
        case_ref=ref, kind=event.kind, actor=actor_name(actor), data=ev.encode_event(event)
    )
    before = p.state_of(case) if case is not None else None
    after = p.apply_event(before, event, ref=ref, seq=appended.seq, at=appended.occurred_at)
    target = case if case is not None else Case()
    p.write_state(target, after)
    target.save()
    refresh_deadlines(target, event.kind)
    return target


def _clean_report(report: dict[str, Any]) -> dict[str, Any]:
    """Report facts are short codes, dates and booleans chosen from lists by the intake channel;
    free text never goes here (it is protected)."""
    clean: dict[str, Any] = {}
    for key, value in report.items():
        if not isinstance(key, str) or len(key) > 40:
            raise CommandRefused(_("Unknown report detail."))
        if (
            isinstance(value, bool)
            or value is None
            or (isinstance(value, int) and abs(value) < 10**9)
            or isinstance(value, str)
            and len(value) <= 40
        ):
            clean[key] = value
        else:
            raise CommandRefused(_("Unknown report detail."))
    return clean


def _seal_all(data_key: bytes, ref: str, values: dict[str, Any]) -> dict[str, str]:
    sealed: dict[str, str] = {}
    for name, value in values.items():
        if name not in PROTECTED_FIELDS:
            raise CommandRefused(_("Unknown protected field."))
        text = _clean_text(value, name, required=False, limit=MAX_PROTECTED_CHARS)
        if text:
            sealed[name] = crypto.seal(data_key, ref, name, text)
    return sealed


@transaction.atomic
def open_case(
    actor: Actor,
    *,
    channel: str,
    category: str,
    district_code: str | None = None,
    province_code: str | None = None,
    victim_age_band: str = AgeBand.UNKNOWN,
    victim_gender: str = Gender.UNKNOWN,
    protected: dict[str, str] | None = None,
    report: dict[str, Any] | None = None,
    ref: str | None = None,
) -> Case:
    """Open a new case. Protected values are sealed under a fresh case key before they reach
    the ledger, so the ledger only ever holds ciphertext."""
    channel = _choice(channel, Channel, _("channel"))
    category = _choice(category, Category, _("kind of incident"))
    victim_age_band = _choice(victim_age_band, AgeBand, _("age"))
    victim_gender = _choice(victim_gender, Gender, _("gender"))
    district, province = _place(district_code, province_code)
    require_permission(actor, Action.OPEN_CASE, CaseLocation(district, province))
    ref = ref or _new_ref()
    data_key = crypto.new_data_key()
    sealed = _seal_all(data_key, ref, protected or {})
    case = _record(
        None,
        ref,
        actor,
        ev.CaseOpened(
            channel=channel,
            category=category,
            district=district,
            province=province,
            victim_age_band=victim_age_band,
            victim_gender=victim_gender,
            protected=sealed,
            report=_clean_report(report or {}),
        ),
    )
    CaseKey.objects.create(
        case=case,
        wrapped_key=crypto.wrap_data_key(ref, data_key),
        master_key_id=crypto.master_key_id(),
    )
    return case


@transaction.atomic
def assign_case(actor: Actor, ref: str, *, owner_username: str, reason: str = "") -> Case:
    """Give a case an owner: the person answerable for its next step."""
    case = _lock_case(ref)
    require_permission(actor, Action.ASSIGN_CASE, case)
    owner = get_user_model().objects.filter(username=owner_username, is_active=True).first()
    if owner is None:
        raise CommandRefused(_("No active staff member has that username."))
    from nigraan.accounts.permissions import may

    if not may(owner, Action.VIEW_CASE, case) or not may(owner, Action.ADD_NOTE, case):
        raise CommandRefused(_("That person does not work on cases in this case's area."))
    if case.owner_id == owner.pk:
        raise CommandRefused(_("The case is already assigned to that person."))
    return _record(
        case,
        ref,
        actor,
        ev.CaseAssigned(owner=owner.username, reason=_reason(reason, required=False)),
    )


@transaction.atomic
def add_note(actor: Actor, ref: str, *, text: str) -> Case:
    """Add a case note. Notes may name people, so they are sealed like protected fields."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    text = _clean_text(text, _("The note"), required=True, limit=MAX_PROTECTED_CHARS)
    if case.is_shredded:
        raise CommandRefused(
            _("This case's protected data was erased; notes can no longer be added.")
        )
    token = crypto.seal(_data_key(case), ref, "note", text)
    return _record(case, ref, actor, ev.NoteAdded(note=token))


@transaction.atomic
def correct_field(actor: Actor, ref: str, *, field: str, value: str | None, reason: str) -> Case:
    """Correct one field. The old value stays in the ledger; the reason is required."""
    case = _lock_case(ref)
    require_permission(actor, Action.CORRECT_FIELD, case)
    reason = _reason(reason, required=True)
    event = ev.FieldCorrected(field=field, reason=reason, value=None)
    if field in PROTECTED_FIELDS:
        if case.is_shredded:
            raise CommandRefused(
                _("This case's protected data was erased and cannot be corrected.")
            )
        text = _clean_text(value, field, required=False, limit=MAX_PROTECTED_CHARS)
        sealed = crypto.seal(_data_key(case), ref, field, text) if text else None
        event = ev.FieldCorrected(field=field, reason=reason, value=sealed)
    elif field == "district":
        district, province = _place(value or None, None)
        event = ev.FieldCorrected(field=field, reason=reason, value=district, province=province)
    elif field in CORRECTABLE_PLAIN_FIELDS:
        choices, what = {
            "category": (Category, _("kind of incident")),
            "victim_age_band": (AgeBand, _("age")),
            "victim_gender": (Gender, _("gender")),
        }[field]
        event = ev.FieldCorrected(field=field, reason=reason, value=_choice(value, choices, what))
    else:
        raise CommandRefused(_("That field cannot be corrected."))
    return _record(case, ref, actor, event)


def _parse_day(value: Any) -> dt_date:
    """A date a person typed as year-month-day, or a refusal saying how to write it."""
    try:
        return dt_date.fromisoformat(str(value))
    except ValueError as exc:
        raise CommandRefused(
            _("Please give the date as year-month-day, for example 2026-03-14.")
        ) from exc


def _past_date(value: Any, *, required: bool) -> str | None:
    """A date a person gives ("year-month-day"), not in the future."""
    if value in (None, ""):
        if required:
            raise CommandRefused(
                _("Please give the date as year-month-day, for example 2026-03-14.")
            )
        return None
    parsed = _parse_day(str(value).strip())
    if parsed > clock.now().date():
        raise CommandRefused(_("This date is in the future. Please check it."))
    if parsed.year < 2000:
        raise CommandRefused(_("This date is too long ago. Please check it."))
    return parsed.isoformat()


def _stage_label(code: str) -> str:
    return str(dict(Stage.choices).get(code, code))


@transaction.atomic
def record_stage(
    actor: Actor,
    ref: str,
    *,
    stage: str,
    reason: str = "",
    reason_code: str = "",
    on: str | None = None,
) -> Case:
    """Record that a case reached a stage, if rules/pipeline.yaml lets it follow the current one
    (``on``: the day it happened, when that was before today). Closing needs a reason code from
    rules/closure.yaml, a reason, and a supervisor's or district officer's approval (the
    close_case permission); a case closed without an FIR, or by a "compromise", is flagged for
    oversight. The rules in force are written into the event."""
    from nigraan.cases.offences import closure_reasons
    from nigraan.cases.pipeline import current_pipeline

    case = _lock_case(ref)
    stage = _choice(stage, Stage, _("stage"))
    action = Action.CLOSE_CASE if stage == Stage.CLOSED else Action.ADD_NOTE
    require_permission(actor, action, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    if stage == case.stage:
        raise CommandRefused(_("The case is already at that stage."))
    pipeline = current_pipeline()
    if stage == Stage.VERDICT:
        raise CommandRefused(_("Record the verdict with its outcome, in the court form."))
    if stage != Stage.CLOSED and stage not in pipeline.next_stages(
        case.stage, case.district_id, case.province_id
    ):
        allowed = ", ".join(_stage_label(s) for s in next_stages(case) if s != Stage.VERDICT) or "—"
        raise CommandRefused(
            _("A case at “%(current)s” cannot move to “%(stage)s”. It can move to: %(allowed)s.")
            % {
                "current": _stage_label(case.stage),
                "stage": _stage_label(stage),
                "allowed": allowed,
            }
        )
    reason = _reason(reason, required=stage == Stage.CLOSED)
    day = _past_date(on, required=False) or UNSET
    if stage != Stage.CLOSED:
        event = ev.StageRecorded(stage=stage, reason=reason, rules=pipeline.stamp, on=day)
        return _record(case, ref, actor, event)
    if reason_code not in closure_reasons():
        raise CommandRefused(_("Choose why the case is closed from the list."))
    had_fir = any(
        isinstance(r.event, ev.StageRecorded) and r.event.stage == Stage.FIR_REGISTERED
        for r in ev.case_history(ref)
    )
    event = ev.StageRecorded(
        stage=stage,
        reason=reason,
        rules=pipeline.stamp,
        on=day,
        reason_code=reason_code,
        flag=(not had_fir) or reason_code == "compromise",
    )
    return _record(case, ref, actor, event)


def next_stages(case: Case) -> list[str]:
    """The stages this case may move to now, in pipeline order (closing aside)."""
    from nigraan.cases.pipeline import current_pipeline

    allowed = (
        current_pipeline().next_stages(case.stage, case.district_id, case.province_id)
        if case.is_open
        else frozenset()
    )
    return [code for code in Stage.values if code in allowed]


COURT_STAGES = (Stage.CHALLAN_SUBMITTED, Stage.TRIAL, Stage.VERDICT, Stage.APPEAL)


@transaction.atomic
def record_hearing(actor: Actor, ref: str, *, on: str, next_on: str = "", court: str = "") -> Case:
    """Record a court hearing (the day it sat, the next date fixed, which court)."""
    case = _lock_case(ref)
    require_permission(actor, Action.RECORD_COURT_EVENT, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    if case.stage not in COURT_STAGES:
        raise CommandRefused(_("Hearings are recorded once the challan is in court."))
    day = _past_date(on, required=True)
    following = ""
    if next_on:
        parsed = _parse_day(str(next_on).strip())
        if parsed <= dt_date.fromisoformat(day):
            raise CommandRefused(_("The next hearing must be after this one."))
        following = parsed.isoformat()
    court = _clean_text(court, _("The court"), required=False, limit=200)
    return _record(case, ref, actor, ev.HearingRecorded(on=day, next=following, court=court))


@transaction.atomic
def record_verdict(
    actor: Actor, ref: str, *, outcome: str, accused: list[int] | None = None, on: str | None = None
) -> Case:
    """Record how the case ended for some or all accused: conviction or acquittal after a trial;
    withdrawal, "compromise" or marriage to the accused at any stage (flagged for oversight, as
    rules/pipeline.yaml says). Conviction and acquittal set those people's custody; an acquittal
    tells the reporter, as a release does."""
    from nigraan.cases.pipeline import current_pipeline
    from nigraan.cases.vocabulary import Outcome

    case = _lock_case(ref)
    require_permission(actor, Action.RECORD_COURT_EVENT, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    outcome = _choice(outcome, Outcome, _("outcome"))
    pipeline = current_pipeline()
    rule = pipeline.outcomes[outcome]
    if outcome in (
        Outcome.CONVICTION,
        Outcome.ACQUITTAL,
    ) and Stage.VERDICT not in pipeline.next_stages(case.stage, case.district_id, case.province_id):
        raise CommandRefused(
            _(
                "A conviction or acquittal is recorded at the end of a trial: record the trial "
                "first."
            )
        )
    numbers = sorted({int(n) for n in (accused or [])}) or [
        person["number"] for person in case.accused
    ]
    if rule.custody and not numbers:
        raise CommandRefused(
            _("Add the accused person first: a conviction or acquittal is of a person.")
        )
    known = {person["number"] for person in case.accused}
    if set(numbers) - known:
        raise CommandRefused(_("No accused person has that number on this case."))
    day = _past_date(on, required=False) or clock.now().date().isoformat()
    event = ev.VerdictRecorded(
        outcome=outcome,
        accused=tuple(numbers),
        on=day,
        custody=rule.custody,
        flag=bool(rule.flag),
        rules=pipeline.stamp,
    )
    case = _record(case, ref, actor, event)
    if rule.flag:
        from nigraan.notify.notices import notify_role

        notify_role(
            case,
            "oversight",
            "outcome_flagged",
            f"{case.ref}: {rule.flag}"[:300],
            key=f"outcome:{case.ref}:{case.last_seq}",
        )
    if rule.custody == "acquitted":
        _tell_reporter_of_release(case, "acquitted", day)
    return case


DATE_EVENTS = tuple(
    cls.kind for cls in (ev.StageRecorded, ev.CustodyChanged, ev.VerdictRecorded, ev.CaseOpened)
)


@transaction.atomic
def correct_date(actor: Actor, ref: str, *, seq: int, on: str, reason: str) -> Case:
    """Correct the day a recorded fact happened (an FIR registered, an arrest, a verdict): the
    first record stays in the ledger, the correction is an event with its reason, and every
    deadline that counts from that fact moves."""
    case = _lock_case(ref)
    require_permission(actor, Action.CORRECT_FIELD, case)
    reason = _reason(reason, required=True)
    day = _past_date(on, required=True)
    target = next((r for r in ev.case_history(ref) if r.seq == seq), None)
    if target is None or target.kind not in DATE_EVENTS:
        raise CommandRefused(
            _("Only the date of a stage, custody change, verdict or report can be corrected.")
        )
    return _record(case, ref, actor, ev.DateCorrected(seq=seq, on=day, reason=reason))


@dataclass(frozen=True)
class ProtectedRead:
    """What an authorised read returns: protected fields by name, and notes by event number."""

    fields: dict[str, str]
    notes: dict[int, str]


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
    notes = {}
    for recorded in ev.case_history(ref):
        event = recorded.event
        if isinstance(event, ev.NoteAdded):
            notes[recorded.seq] = crypto.open_sealed(key, ref, "note", event.note)
        elif isinstance(event, ev.ReporterMessage | ev.ReplyToReporter):
            notes[recorded.seq] = crypto.open_sealed(key, ref, "message", event.text)
    read = ev.ProtectedDataRead(fields=tuple(sorted(fields)), notes=len(notes), reason=reason)
    _record(case, ref, actor, read)
    return ProtectedRead(fields=fields, notes=notes)


@transaction.atomic
def shred_case(actor: Actor, ref: str, *, reason: str) -> Case:
    """Destroy the case's data key: its protected values become unreadable for ever, while every
    event, and so the ledger, stays intact and verifiable."""
    case = _lock_case(ref)
    require_permission(actor, Action.SHRED_CASE, case)
    reason = _reason(reason, required=True)
    if case.is_shredded:
        raise CommandRefused(_("This case's protected data was already erased."))
    key = CaseKey.objects.select_for_update().get(case=case)
    key.wrapped_key = b""
    key.shredded_at = clock.now()
    key.save(update_fields=["wrapped_key", "shredded_at"])
    return _record(case, ref, actor, ev.CaseShredded(reason=reason))


MAX_MESSAGE_CHARS = 5_000


@transaction.atomic
def add_reporter_message(actor: Actor, ref: str, *, text: str, purpose: str = "message") -> Case:
    """The reporter (through the follow-up page, SMS or the API) writes to the case worker or adds
    information. Sealed like a note; ``actor`` is the channel, never a person's name."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    if purpose not in ("message", "information"):
        raise CommandRefused(_("Unknown kind of message."))
    text = _clean_text(text, _("Your message"), required=True, limit=MAX_MESSAGE_CHARS)
    if case.is_shredded:
        raise CommandRefused(
            _("This case's protected data was erased; messages can no longer be added.")
        )
    token = crypto.seal(_data_key(case), ref, "message", text)
    return _record(case, ref, actor, ev.ReporterMessage(text=token, purpose=purpose))


@transaction.atomic
def reply_to_reporter(actor: Actor, ref: str, *, text: str) -> Case:
    """A staff member answers the reporter; the reporter reads it on the follow-up page."""
    case = _lock_case(ref)
    require_permission(actor, Action.READ_PROTECTED, case)
    require_permission(actor, Action.ADD_NOTE, case)
    text = _clean_text(text, _("The reply"), required=True, limit=MAX_MESSAGE_CHARS)
    if case.is_shredded:
        raise CommandRefused(
            _("This case's protected data was erased; messages can no longer be added.")
        )
    token = crypto.seal(_data_key(case), ref, "message", text)
    return _record(case, ref, actor, ev.ReplyToReporter(text=token))


def reporter_conversation(ref: str) -> list[tuple[str, str, Any]]:
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


DEADLINE_SWEEPER_NAME = "deadlines"


@transaction.atomic
def escalate_deadline(actor: Actor, deadline_id: int, *, now: Any) -> bool:
    """Escalate one missed deadline one level up its chain, if it is still due for it. The
    escalation event and the deadline's new level commit together, so a crash never loses or
    doubles an escalation. Returns whether it escalated."""
    from nigraan.cases.rules import current_rules

    deadline = Deadline.objects.select_for_update().filter(pk=deadline_id).first()
    if (
        deadline is None
        or deadline.met_at is not None
        or deadline.stopped
        or deadline.next_escalation_at is None
    ):
        return False
    if deadline.next_escalation_at > now:
        return False
    case = _lock_case(Case.objects.filter(pk=deadline.case_id).values_list("ref", flat=True).get())
    require_permission(actor, Action.ESCALATE_DEADLINE, case)
    if not case.is_open:
        return False
    chain = current_rules().chain_for(case.district_id, case.province_id)
    if not deadline.escalates or deadline.level >= len(chain):
        return False
    level = deadline.level + 1
    event = ev.DeadlineEscalated(
        deadline=deadline.rule_id,
        level=level,
        to=chain[level - 1],
        due=deadline.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        rules=deadline.rules_version,
        accused=deadline.subject or UNSET,
    )
    _record(case, case.ref, actor, event)
    deadline.level = level
    deadline.next_escalation_at = (
        deadline.due_at + deadline.escalate_every * level if level < len(chain) else None
    )
    deadline.save(update_fields=["level", "next_escalation_at"])
    from nigraan.notify.notices import notify_role

    who = f" (accused {deadline.subject})" if deadline.subject else ""
    notify_role(
        case,
        chain[level - 1],
        "deadline_escalated",
        f"{case.ref}: missed deadline “{deadline.title}”{who} (due "
        f"{deadline.due_at:%Y-%m-%d %H:%M} UTC), "
        f"escalated to you · {_urdu_title(deadline.rule_id, 'مقررہ وقت گزر گیا')}",
        key=f"escalation:{case.ref}:{deadline.rule_id}:{deadline.subject}:{level}",
    )
    return True


def _urdu_title(rule_id: str, prefix: str) -> str:
    """``prefix: <the deadline's Urdu title>`` for a notice, or "" when the rule has none."""
    from nigraan.cases.rules import current_rules

    rule = current_rules().rule(rule_id)
    return f"{prefix}: {rule.title_ur}" if rule and rule.title_ur else ""


@transaction.atomic
def warn_deadline(deadline_id: int, *, now: Any) -> bool:
    """Tell the case's owner and supervisors that a deadline is coming (once), e.g. the
    statutory-bail clock 60 days before an accused person becomes entitled to bail."""
    deadline = Deadline.objects.select_for_update().filter(pk=deadline_id).first()
    if deadline is None or deadline.warned or deadline.warn_at is None or deadline.warn_at > now:
        return False
    case = Case.objects.get(pk=deadline.case_id)
    deadline.warned, deadline.warn_at = True, None  # once, whatever follows
    deadline.save(update_fields=["warned", "warn_at"])
    if not case.is_open or deadline.met_at is not None or deadline.stopped:
        return False
    from nigraan.notify.models import StaffNotice
    from nigraan.notify.notices import notify_role

    who = f" (accused {deadline.subject})" if deadline.subject else ""
    urdu = _urdu_title(deadline.rule_id, "مقررہ وقت قریب")
    text = f"{case.ref}: “{deadline.title}”{who} runs out on {deadline.due_at:%Y-%m-%d} · {urdu}"
    key = f"warning:{case.ref}:{deadline.rule_id}:{deadline.subject}"
    told = notify_role(case, "supervisor", "deadline_warning", text, key=key)
    if case.owner_id:
        StaffNotice.objects.create(
            staff_id=case.owner_id,
            case=case,
            kind="deadline_warning",
            text=text[:300],
            created_at=now,
        )
        told += 1
    return told > 0


ACCUSED_RELATIONS = (
    "family",
    "neighbour",
    "teacher_or_cleric",
    "employer",
    "stranger",
    "police_or_official",
    "unknown",
)
NOTIFIER_NAME = "custody-notice"


def _may_record_custody(actor: Actor, case: Case) -> None:
    from nigraan.accounts.permissions import PermissionDenied

    try:
        require_permission(actor, Action.RECORD_POLICE_EVENT, case)
    except PermissionDenied:
        require_permission(actor, Action.RECORD_COURT_EVENT, case)


@transaction.atomic
def add_accused(
    actor: Actor, ref: str, *, relation: str = "unknown", name: str = "", custody: str = "at_large"
) -> Case:
    """Record an accused person on the case (numbered from 1). The name, if given, is sealed."""
    from nigraan.cases.vocabulary import Custody

    case = _lock_case(ref)
    _may_record_custody(actor, case)
    if relation not in ACCUSED_RELATIONS:
        raise CommandRefused(_("Unknown relation to the child."))
    custody = _choice(custody, Custody, _("custody status"))
    name = _clean_text(name, _("The name"), required=False, limit=200)
    event = ev.AccusedAdded(
        number=len(case.accused) + 1,
        relation=relation,
        custody=custody,
        since=clock.now().date().isoformat(),
        name=crypto.seal(_data_key(case), ref, "accused_name", name) if name else UNSET,
    )
    return _record(case, ref, actor, event)


@transaction.atomic
def record_custody(
    actor: Actor, ref: str, *, number: int, custody: str, basis: str, on: str | None = None
) -> Case:
    """Record an accused person's custody status with its legal basis (e.g. "bail granted by the
    Sessions Court under CrPC s. 497"). A change to bailed or released tells the reporter, in the
    same transaction: a message in the follow-up inbox, and an SMS if they gave a phone number."""
    from nigraan.cases.vocabulary import RELEASES, Custody

    case = _lock_case(ref)
    _may_record_custody(actor, case)
    custody = _choice(custody, Custody, _("custody status"))
    basis = _clean_text(basis, _("The legal basis"), required=True, limit=500)
    if not any(person["number"] == number for person in case.accused):
        raise CommandRefused(_("No accused person has that number on this case."))
    current = next(person for person in case.accused if person["number"] == number)
    if current["custody"] == custody:
        raise CommandRefused(_("That is already the accused person's status."))
    day = on or clock.now().date().isoformat()
    parsed = _parse_day(day)
    if parsed > clock.now().date():
        raise CommandRefused(_("This date is in the future. Please check it."))
    changed = ev.CustodyChanged(number=number, custody=custody, basis=basis, since=day)
    case = _record(case, ref, actor, changed)
    if custody in RELEASES:
        _tell_reporter_of_release(case, custody, day)
    return case


def _tell_reporter_of_release(case: Case, custody: str, day: str) -> None:
    from nigraan.cases.actors import SystemActor
    from nigraan.notify.notices import notify_role
    from nigraan.notify.outbox import enqueue_sms

    notifier = SystemActor(NOTIFIER_NAME, frozenset({Action.READ_PROTECTED, Action.ADD_NOTE}))
    notify_role(
        case,
        "oversight",
        "accused_released",
        f"{case.ref}: an accused person was {custody} on {day}",
        key=f"release:{case.ref}:{case.last_seq}",
    )
    if case.is_shredded:
        return
    what_en = "released on bail" if custody == "bailed" else "released"
    what_ur = "ضمانت پر رہا" if custody == "bailed" else "رہا"
    text = (
        f"An accused person in your case was {what_en} on {day}. You can write to the officer "
        "here. "
        f"آپ کے مقدمے میں ایک ملزم {day} کو {what_ur} ہوا۔"
    )
    key = _data_key(case)
    sealed = crypto.seal(key, case.ref, "message", text)
    _record(case, case.ref, notifier, ev.ReplyToReporter(text=sealed, notice=custody))
    phone_token = case.protected.get("reporter_phone")
    if phone_token and case.report.get("contact") == "phone":
        phone = crypto.open_sealed(key, case.ref, "reporter_phone", phone_token)
        read = ev.ProtectedDataRead(
            fields=("reporter_phone",), notes=0, reason="tell the reporter of a release"
        )
        _record(case, case.ref, notifier, read)
        sms = (
            f"Nigraan: an accused person in your case was {what_en} on {day}. "
            f"نگران: آپ کے مقدمے میں ایک ملزم {day} کو {what_ur} ہوا۔"
        )
        enqueue_sms(to=phone, text=sms, key=f"custody:{case.ref}:{case.last_seq}")


@transaction.atomic
def record_charge(actor: Actor, ref: str, *, accused_number: int, offence: str) -> Case:
    """Record a charge against an accused person, by law and section (a code from
    rules/offences.yaml such as PK.PPC.376.3), so figures can count prosecutions per law."""
    from nigraan.cases.offences import offences

    case = _lock_case(ref)
    _may_record_custody(actor, case)
    if offence not in offences():
        raise CommandRefused(_("Unknown offence: choose one from the list."))
    if not any(person["number"] == accused_number for person in case.accused):
        raise CommandRefused(_("No accused person has that number on this case."))
    if any(c["accused"] == accused_number and c["offence"] == offence for c in case.charges):
        raise CommandRefused(_("That charge is already recorded."))
    return _record(case, ref, actor, ev.ChargeRecorded(accused=accused_number, offence=offence))


REFERRAL_MOVES = {"referred": {"accepted", "declined"}, "accepted": {"completed"}}


@transaction.atomic
def refer_case(
    actor: Actor, ref: str, *, service_code: str, share_details: bool, override_reason: str = ""
) -> Case:
    """Refer the case to a service in its district. Sharing the protected details needs the
    reporter's consent from intake, or an override by a supervisor or district officer with a
    recorded reason."""
    from nigraan.cases.models import Service

    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    service = Service.objects.filter(code=service_code, active=True).first()
    if service is None or service.district_id != case.district_id:
        raise CommandRefused(_("Choose a service from this district's directory."))
    override: str | UnsetType = UNSET
    if share_details and not case.report.get("consent_share_services"):
        override_reason = _reason(override_reason, required=False)
        if not override_reason:
            raise CommandRefused(
                _(
                    "The reporter did not agree to share details with services: give the reason "
                    "for an override, or refer without details."
                )
            )
        require_permission(
            actor, Action.ASSIGN_CASE, case
        )  # only a supervisor or district officer may override
        override = override_reason
    event = ev.CaseReferred(
        number=len(case.referrals) + 1,
        service=service.code,
        service_kind=service.kind,
        shares_details=bool(share_details),
        override=override,
    )
    return _record(case, ref, actor, event)


@transaction.atomic
def update_referral(actor: Actor, ref: str, *, number: int, status: str) -> Case:
    """Record a service's answer: accepted or declined, then completed."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    current = next((r for r in case.referrals if r["number"] == number), None)
    if current is None:
        raise CommandRefused(_("No referral has that number on this case."))
    if status not in REFERRAL_MOVES.get(current["status"], set()):
        raise CommandRefused(
            _("A referral goes from referred to accepted or declined, then to completed.")
        )
    return _record(case, ref, actor, ev.ReferralUpdated(number=number, status=status))
