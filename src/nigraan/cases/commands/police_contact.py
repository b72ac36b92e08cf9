"""The police contacting the person who reported a missing child: the milestone
``contact:police`` that meets the Zainab Act's 24-hour clock (rule
``missing_child_police_contact`` in rules/deadlines.yaml)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nigraan.accounts.permissions import Action
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import CommandRefused, _lock_case, _record
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import Category

# How the police reached the complainant: what a supervisor asks when the clock is checked.
CONTACT_WAYS = {
    "visit": gettext_lazy("The police visited them"),
    "phone": gettext_lazy("The police telephoned them"),
    "station": gettext_lazy("They met the police at the station"),
}


@transaction.atomic
def record_police_contact(actor: Actor, ref: str, *, how: str) -> Case:
    """Record that the police contacted the complainant of a missing-child case. The case team
    (who hear it from the family) and the police liaison may record it: ``add_note``. The clock
    is met at the first record; a later one is refused, so the history says it once."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    if case.category != Category.MISSING_CHILD:
        raise CommandRefused(_("Police contact is recorded on missing-child cases only."))
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    if how not in CONTACT_WAYS:
        raise CommandRefused(_("Say how the police contacted the complainant."))
    if any(isinstance(r.event, ev.PoliceContacted) for r in ev.case_history(ref)):
        raise CommandRefused(_("Police contact is already recorded on this case."))
    return _record(case, ref, actor, ev.PoliceContacted(how=how))
