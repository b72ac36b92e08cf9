"""The accused: who they are to the child (names sealed), their custody with its legal basis,
and the charges against them by law and section."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET

from nigraan import clock
from nigraan.accounts.permissions import Action, PermissionDenied
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import (
    CommandRefused,
    _choice,
    _clean_text,
    _data_key,
    _lock_case,
    _parse_day,
    _record,
)
from nigraan.cases.commands.reporter import tell_reporter_of_release
from nigraan.cases.models import Case
from nigraan.cases.offences import offences
from nigraan.cases.vocabulary import RELEASES, Custody

ACCUSED_RELATIONS = (
    "family",
    "neighbour",
    "teacher_or_cleric",
    "employer",
    "stranger",
    "police_or_official",
    "unknown",
)
MAX_NAME_CHARS = 200
MAX_BASIS_CHARS = 500


def _may_record_custody(actor: Actor, case: Case) -> None:
    try:
        require_permission(actor, Action.RECORD_POLICE_EVENT, case)
    except PermissionDenied:
        require_permission(actor, Action.RECORD_COURT_EVENT, case)


def _accused_person(case: Case, number: int) -> dict:
    person = next((person for person in case.accused if person["number"] == number), None)
    if person is None:
        raise CommandRefused(_("No accused person has that number on this case."))
    return person


@transaction.atomic
def add_accused(
    actor: Actor, ref: str, *, relation: str = "unknown", name: str = "", custody: str = "at_large"
) -> Case:
    """Record an accused person on the case (numbered from 1). The name, if given, is sealed."""
    case = _lock_case(ref)
    _may_record_custody(actor, case)
    if relation not in ACCUSED_RELATIONS:
        raise CommandRefused(_("Unknown relation to the child."))
    custody = _choice(custody, Custody, _("custody status"))
    name = _clean_text(name, _("The name"), required=False, limit=MAX_NAME_CHARS)
    event = ev.AccusedAdded(
        number=len(case.accused) + 1,
        relation=relation,
        custody=custody,
        since=clock.today().isoformat(),
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
    case = _lock_case(ref)
    _may_record_custody(actor, case)
    custody = _choice(custody, Custody, _("custody status"))
    basis = _clean_text(basis, _("The legal basis"), required=True, limit=MAX_BASIS_CHARS)
    if _accused_person(case, number)["custody"] == custody:
        raise CommandRefused(_("That is already the accused person's status."))
    day = on or clock.today().isoformat()
    if _parse_day(day) > clock.today():
        raise CommandRefused(_("This date is in the future. Please check it."))
    changed = ev.CustodyChanged(number=number, custody=custody, basis=basis, since=day)
    case = _record(case, ref, actor, changed)
    if custody in RELEASES:
        tell_reporter_of_release(case, custody, day)
    return case


@transaction.atomic
def record_charge(actor: Actor, ref: str, *, accused_number: int, offence: str) -> Case:
    """Record a charge against an accused person, by law and section (a code from
    rules/offences.yaml such as PK.PPC.376.3), so figures can count prosecutions per law."""
    case = _lock_case(ref)
    _may_record_custody(actor, case)
    if offence not in offences():
        raise CommandRefused(_("Unknown offence: choose one from the list."))
    _accused_person(case, accused_number)
    if any(c["accused"] == accused_number and c["offence"] == offence for c in case.charges):
        raise CommandRefused(_("That charge is already recorded."))
    return _record(case, ref, actor, ev.ChargeRecorded(accused=accused_number, offence=offence))
