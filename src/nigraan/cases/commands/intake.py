"""Opening a case: the first event, with its protected values sealed under a new case key."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan.accounts.permissions import Action
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.arrivals import announce_new_case
from nigraan.cases.commands.core import (
    MAX_PROTECTED_CHARS,
    CaseLocation,
    CommandRefused,
    _choice,
    _clean_text,
    _new_ref,
    _place,
    _record,
)
from nigraan.cases.events.kinds import ReportValue
from nigraan.cases.models import Case, CaseKey
from nigraan.cases.vocabulary import PROTECTED_FIELDS, AgeBand, Category, Channel, Gender

MAX_REPORT_KEY_CHARS = 40
MAX_REPORT_TEXT_CHARS = 40


def _report_value(value: Any) -> bool:
    """A report fact: a short code or date, a yes/no, a small number, or nothing."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return abs(value) < 10**9
    return isinstance(value, str) and len(value) <= MAX_REPORT_TEXT_CHARS


def _clean_report(report: dict[str, Any]) -> dict[str, ReportValue]:
    """Report facts are short codes, dates and booleans chosen from lists by the intake channel;
    free text never goes here (it is protected)."""
    for key, value in report.items():
        if not isinstance(key, str) or len(key) > MAX_REPORT_KEY_CHARS or not _report_value(value):
            raise CommandRefused(_("Unknown report detail."))
    return dict(report)


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
    opened = ev.CaseOpened(
        channel=channel,
        category=category,
        district=district,
        province=province,
        victim_age_band=victim_age_band,
        victim_gender=victim_gender,
        protected=_seal_all(data_key, ref, protected or {}),
        report=_clean_report(report or {}),
    )
    case = _record(None, ref, actor, opened)
    CaseKey.objects.create(
        case=case,
        wrapped_key=crypto.wrap_data_key(ref, data_key),
        master_key_id=crypto.master_key_id(),
    )
    announce_new_case(case)
    return case
