"""Unplaced reports: a report with no district reaches nobody who works cases in a district, so
staff of its province (or the country) who work cases read its place text (the reason-and-log
read) and set its district. Placing is a ``case.field_corrected`` of the district, with its
reason; the district's staff are then told of it as a new report, and the deadline
``place_unplaced_report`` (rules/deadlines.yaml) is met."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan.cases.actors import Actor
from nigraan.cases.commands.arrivals import announce_placed
from nigraan.cases.commands.core import CommandRefused, _lock_case
from nigraan.cases.commands.corrections import correct_field
from nigraan.cases.models import Case


@transaction.atomic
def place_case(actor: Actor, ref: str, *, district_code: str, reason: str) -> Case:
    """Set the district of a case that has none (permission: correct_field on the case)."""
    case = _lock_case(ref)
    if case.district_id:
        raise CommandRefused(_("This case already has a district: correct it on the case page."))
    if not district_code:
        raise CommandRefused(_("Choose the district the report belongs to."))
    case = correct_field(actor, ref, field="district", value=district_code, reason=reason)
    announce_placed(case)
    return case
