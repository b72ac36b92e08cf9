"""Who answers for a case, and the notes kept on it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from nigraan.accounts.permissions import Action, may
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import (
    MAX_PROTECTED_CHARS,
    CommandRefused,
    _clean_text,
    _data_key,
    _lock_case,
    _reason,
    _record,
)
from nigraan.cases.models import Case


@transaction.atomic
def assign_case(actor: Actor, ref: str, *, owner_username: str, reason: str = "") -> Case:
    """Give a case an owner: the person answerable for its next step."""
    case = _lock_case(ref)
    require_permission(actor, Action.ASSIGN_CASE, case)
    owner = get_user_model().objects.filter(username=owner_username, is_active=True).first()
    if owner is None:
        raise CommandRefused(_("No active staff member has that username."))
    if not may(owner, Action.VIEW_CASE, case) or not may(owner, Action.ADD_NOTE, case):
        raise CommandRefused(_("That person does not work on cases in this case's area."))
    if case.owner_id == owner.pk:
        raise CommandRefused(_("The case is already assigned to that person."))
    event = ev.CaseAssigned(owner=owner.username, reason=_reason(reason, required=False))
    return _record(case, ref, actor, event)


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
