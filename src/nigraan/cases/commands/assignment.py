"""Who answers for a case, and the notes kept on it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET

from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import Action, work_refusal
from nigraan.cases import crypto, notices_text
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
from nigraan.notify.notices import notify_role


@transaction.atomic
def assign_case(actor: Actor, ref: str, *, owner_username: str, reason: str = "") -> Case:
    """Give a case an owner: the person answerable for its next step. Only someone who can work
    the case (a case-team role covering its place: ``permissions.work_refusal``); when the
    reporter asked for a woman officer and the owner is not recorded as one, a reason is needed,
    the event is flagged and oversight is told."""
    case = _lock_case(ref)
    require_permission(actor, Action.ASSIGN_CASE, case)
    owner = Staff.objects.filter(username=owner_username, is_active=True).first()
    if owner is None:
        raise CommandRefused(_("No active staff member has that username."))
    refusal = work_refusal(owner, case)
    if refusal:
        raise CommandRefused(refusal)
    if case.owner_id == owner.pk:
        raise CommandRefused(_("The case is already assigned to that person."))
    reason = _reason(reason, required=False)
    against_request = wants_woman_officer(case) and not owner.is_woman_officer
    if against_request and not reason:
        raise CommandRefused(
            _(
                "The reporter asked for a woman officer and %(name)s is not recorded as one: "
                "give the reason for assigning the case to them (oversight is told)."
            )
            % {"name": owner.username}
        )
    event = ev.CaseAssigned(owner=owner.username, reason=reason, flag=against_request or UNSET)
    case = _record(case, ref, actor, event)
    if against_request:
        notify_role(case, Role.OVERSIGHT, notices_text.woman_officer_not_given(ref=ref))
    return case


def wants_woman_officer(case: Case) -> bool:
    """Did the reporter ask for a woman to handle the case?"""
    return case.report.get("wants_woman") is True


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
