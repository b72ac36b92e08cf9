"""Deadlines that pass: the sweep escalates each missed one a level up its chain (an event, and
notices to the people at that level), and warns of those coming soon (notices only)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from msgspec import UNSET

from nigraan.accounts.permissions import Action
from nigraan.cases import events as ev
from nigraan.cases import list_columns, notices_text
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import _lock_case, _record
from nigraan.cases.models import Case, Deadline
from nigraan.cases.rules import current_rules
from nigraan.notify.notices import notice_rows, notify_role

DEADLINE_SWEEPER_NAME = "deadlines"


def _title_ur(rule_id: str) -> str:
    """The deadline's Urdu title from the rules in force, or "" when the rule has none."""
    rule = current_rules().rule(rule_id)
    return rule.title_ur if rule and rule.title_ur else ""


def _still_due(deadline: Deadline | None, now: dt.datetime) -> bool:
    return (
        deadline is not None
        and deadline.met_at is None
        and not deadline.stopped
        and deadline.next_escalation_at is not None
        and deadline.next_escalation_at <= now
    )


def _tell_level(case: Case, deadline: Deadline, role: str, level: int) -> None:
    notice = notices_text.deadline_escalated(
        ref=case.ref,
        rule_id=deadline.rule_id,
        title=deadline.title,
        title_ur=_title_ur(deadline.rule_id),
        accused=deadline.subject,
        due_at=deadline.due_at,
    )
    key = f"escalation:{case.ref}:{deadline.rule_id}:{deadline.subject}:{level}"
    notify_role(case, role, notice, key=key)


@transaction.atomic
def escalate_deadline(actor: Actor, deadline_id: int, *, now: dt.datetime) -> bool:
    """Escalate one missed deadline one level up its chain, if it is still due for it. The
    escalation event and the deadline's new level commit together, so a crash never loses or
    doubles an escalation. Returns whether it escalated."""
    deadline = Deadline.objects.select_for_update().filter(pk=deadline_id).first()
    if deadline is None or not _still_due(deadline, now):
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
        due=deadline.due_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        rules=deadline.rules_version,
        accused=deadline.subject or UNSET,
    )
    _record(case, case.ref, actor, event)
    deadline.level = level
    deadline.next_escalation_at = (
        deadline.due_at + deadline.escalate_every * level if level < len(chain) else None
    )
    deadline.save(update_fields=["level", "next_escalation_at"])
    list_columns.refresh(case)
    _tell_level(case, deadline, chain[level - 1], level)
    return True


@transaction.atomic
def warn_deadline(deadline_id: int, *, now: dt.datetime) -> bool:
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
    notice = notices_text.deadline_warning(
        ref=case.ref,
        rule_id=deadline.rule_id,
        title=deadline.title,
        title_ur=_title_ur(deadline.rule_id),
        accused=deadline.subject,
        due_at=deadline.due_at,
    )
    key = f"warning:{case.ref}:{deadline.rule_id}:{deadline.subject}"
    told = notify_role(case, "supervisor", notice, key=key)
    if case.owner_id:
        notice_rows([case.owner_id], case.pk, notice)[0].save()
        told += 1
    return told > 0
