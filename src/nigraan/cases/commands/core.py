"""What every command shares: the refusal a person can act on, input cleaning (text, reasons,
choices, places, dates), the case lock and key, and ``_record``, the one writer of events.

Names with a leading underscore are for the command modules of this package only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date as dt_date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.cases import crypto, list_columns
from nigraan.cases import events as ev
from nigraan.cases import projection as p
from nigraan.cases.actors import Actor, actor_name
from nigraan.cases.deadlines import refresh_deadlines
from nigraan.cases.models import Case, CaseKey
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


def _choice(value: Any, choices: type[models.TextChoices], what: str) -> str:
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


def _parse_day(value: Any) -> dt_date:
    """A date a person typed as year-month-day, or a refusal saying how to write it."""
    try:
        return dt_date.fromisoformat(str(value))
    except ValueError as exc:
        raise CommandRefused(
            _("Please give the date as year-month-day, for example 2026-03-14.")
        ) from exc


def _optional_past_date(value: Any) -> str | None:
    """A date a person gives ("year-month-day"), not in the future; None when none is given."""
    if value in (None, ""):
        return None
    parsed = _parse_day(str(value).strip())
    if parsed > clock.today():
        raise CommandRefused(_("This date is in the future. Please check it."))
    if parsed.year < 2000:
        raise CommandRefused(_("This date is too long ago. Please check it."))
    return parsed.isoformat()


def _past_date(value: Any) -> str:
    """A date a person must give ("year-month-day"), not in the future."""
    day = _optional_past_date(value)
    if day is None:
        raise CommandRefused(_("Please give the date as year-month-day, for example 2026-03-14."))
    return day


def _lock_case(ref: str) -> Case:
    case = Case.objects.select_for_update().filter(ref=ref).first()
    if case is None:
        raise CommandRefused(_("No case has the reference %(ref)s.") % {"ref": ref})
    return case


def _data_key(case: Case) -> bytes:
    key = CaseKey.objects.get(case=case)
    return crypto.unwrap_data_key(case.ref, bytes(key.wrapped_key))


def _record(case: Case | None, ref: str, actor: Actor, event: ev.CaseEvent) -> Case:
    """Append one event and apply it to the projection and the deadlines, inside the caller's
    transaction."""
    appended = append_event(
        case_ref=ref, kind=event.kind, actor=actor_name(actor), data=ev.encode_event(event)
    )
    before = p.state_of(case) if case is not None else None
    after = p.apply_event(before, event, ref=ref, seq=appended.seq, at=appended.occurred_at)
    target = case if case is not None else Case()
    p.write_state(target, after)
    target.save()
    refresh_deadlines(target, event.kind)
    list_columns.refresh(target)
    return target


# For commands that live in another app because of the layering (nigraan.alerts.workflow): the
# same lock, reason cleaning, data key and writer the commands here use.
lock_case = _lock_case
reason_text = _reason
case_data_key = _data_key
record_event = _record
