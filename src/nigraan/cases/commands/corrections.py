"""Corrections: a field of the case, or the day a recorded fact happened. The first record stays
in the ledger; the correction is an event with its reason."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan.accounts.permissions import Action
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import (
    MAX_PROTECTED_CHARS,
    CommandRefused,
    _choice,
    _clean_text,
    _data_key,
    _lock_case,
    _past_date,
    _place,
    _reason,
    _record,
)
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import PROTECTED_FIELDS, AgeBand, Category, Gender

# Kinds whose day may be corrected (the day a stage, a custody change, a verdict or the report
# happened).
DATE_EVENTS = tuple(
    cls.kind for cls in (ev.StageRecorded, ev.CustodyChanged, ev.VerdictRecorded, ev.CaseOpened)
)


def _protected_value(case: Case, field: str, value: str | None) -> str | None:
    if case.is_shredded:
        raise CommandRefused(_("This case's protected data was erased and cannot be corrected."))
    text = _clean_text(value, field, required=False, limit=MAX_PROTECTED_CHARS)
    return crypto.seal(_data_key(case), case.ref, field, text) if text else None


def _plain_value(field: str, value: str | None) -> str:
    if field == "category":
        return _choice(value, Category, _("kind of incident"))
    if field == "victim_age_band":
        return _choice(value, AgeBand, _("age"))
    if field == "victim_gender":
        return _choice(value, Gender, _("gender"))
    raise CommandRefused(_("That field cannot be corrected."))


@transaction.atomic
def correct_field(actor: Actor, ref: str, *, field: str, value: str | None, reason: str) -> Case:
    """Correct one field. The old value stays in the ledger; the reason is required."""
    case = _lock_case(ref)
    require_permission(actor, Action.CORRECT_FIELD, case)
    reason = _reason(reason, required=True)
    if field in PROTECTED_FIELDS:
        sealed = _protected_value(case, field, value)
        event = ev.FieldCorrected(field=field, reason=reason, value=sealed)
    elif field == "district":
        district, province = _place(value or None, None)
        event = ev.FieldCorrected(field=field, reason=reason, value=district, province=province)
    else:
        plain = _plain_value(field, value)
        if field == "category" and plain != case.category and has_open_alert(ref):
            raise CommandRefused(
                _(
                    "This case has a missing-child alert drafted or active: cancel it (or record "
                    "that the child was found) before changing the category."
                )
            )
        event = ev.FieldCorrected(field=field, reason=reason, value=plain)
    return _record(case, ref, actor, event)


_ALERT_ENDS = (ev.AlertResolved, ev.AlertCancelled)


def has_open_alert(ref: str) -> bool:
    """Whether an alert of this case is drafted or active (read from its events: cases may not
    import alerts). A case that turns out to be about sexual violence must not keep one."""
    open_alerts: set[str] = set()
    for recorded in ev.case_history(ref):
        event = recorded.event
        if isinstance(event, ev.AlertDrafted):
            open_alerts.add(event.alert)
        elif isinstance(event, _ALERT_ENDS):
            open_alerts.discard(event.alert)
    return bool(open_alerts)


@transaction.atomic
def correct_date(actor: Actor, ref: str, *, seq: int, on: str, reason: str) -> Case:
    """Correct the day a recorded fact happened (an FIR registered, an arrest, a verdict): the
    first record stays in the ledger, the correction is an event with its reason, and every
    deadline that counts from that fact moves."""
    case = _lock_case(ref)
    require_permission(actor, Action.CORRECT_FIELD, case)
    reason = _reason(reason, required=True)
    day = _past_date(on)
    target = next((r for r in ev.case_history(ref) if r.seq == seq), None)
    if target is None or target.kind not in DATE_EVENTS:
        raise CommandRefused(
            _("Only the date of a stage, custody change, verdict or report can be corrected.")
        )
    return _record(case, ref, actor, ev.DateCorrected(seq=seq, on=day, reason=reason))
