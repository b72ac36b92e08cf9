"""Repairing a case's stored projections from its events (``nigraan ledger repair
--from-ledger``), after the projection check found them altered. Only an administrator may; the
repair is itself an event, naming what differed (never a value), so the ledger shows who
repaired what and why."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import events as ev
from nigraan.cases import list_columns
from nigraan.cases import projection as p
from nigraan.cases.commands.core import CommandRefused, _reason
from nigraan.cases.deadline_plan import DeadlinePlan, plan_deadlines
from nigraan.cases.deadlines import replay_with_milestones
from nigraan.cases.models import Case, Deadline
from nigraan.cases.projection_compare import escalations_in
from nigraan.cases.projection_replay import confirm
from nigraan.cases.rules import RuleSet, current_rules
from nigraan.ledger.append import append_event


def _administrator(username: str) -> Staff:
    staff = Staff.objects.filter(username=username, is_active=True).first()
    if staff is None or staff.role != Role.ADMINISTRATOR:
        raise PermissionDenied(f"{username} may not repair a case: administrators only")
    return staff


def _differences(ref: str, rules: RuleSet) -> list[str]:
    """What the check names first, as "table.field" (the repair rewrites every field, whatever
    differs)."""
    found = confirm(ref, rules)
    return [] if found is None else [f"{found.table}.{found.field}"[:200]]


@transaction.atomic
def repair_from_ledger(username: str, ref: str, *, reason: str) -> list[str]:
    """Rebuild the case row and its deadline rows from the case's events and the rules in
    force, as an event by ``username`` (an administrator). Returns what differed before."""
    staff = _administrator(username)
    reason = _reason(reason, required=True)
    case = Case.objects.select_for_update().filter(ref=ref).first()
    if not ev.case_history(ref):
        raise CommandRefused(_("No case has the reference %(ref)s.") % {"ref": ref})
    rules = current_rules()
    differences = _differences(ref, rules)
    event = ev.ProjectionRepaired(reason=reason, differences=tuple(differences))
    append_event(
        case_ref=ref,
        kind=event.kind,
        actor=staff.username,
        data=ev.encode_event(event),
    )
    history = ev.case_history(ref)
    state, found = replay_with_milestones(history, ref)
    if state is None:  # not reachable: the history has at least this event
        raise CommandRefused(_("No case has the reference %(ref)s.") % {"ref": ref})
    target = p.write_state(case if case is not None else Case(), state)
    target.save()
    _rebuild_deadlines(target, plan_deadlines(state, found, escalations_in(history), rules), rules)
    list_columns.refresh(target)
    return differences


def _rebuild_deadlines(case: Case, plan: DeadlinePlan, rules: RuleSet) -> None:
    """Every deadline row as ``refresh_deadlines`` would have kept it, levels from the events."""
    existing = {(d.rule_id, d.subject): d for d in Deadline.objects.filter(case=case)}
    in_force = {rule.id: rule for rule in rules.for_place(case.district_id, case.province_id)}
    for key, wanted in plan.running.items():
        row = existing.get(key) or Deadline(case=case, rule_id=key[0], subject=key[1])
        for name in (
            "title",
            "started_at",
            "due_at",
            "escalate_every",
            "met_at",
            "stopped",
            "escalates",
            "level",
            "next_escalation_at",
        ):
            setattr(row, name, getattr(wanted, name))
        rule = in_force[key[0]]
        open_ = wanted.met_at is None and not wanted.stopped
        row.warn_at = (
            wanted.due_at - rule.warn_before
            if open_ and rule.warn_before and not row.warned
            else None
        )
        row.rules_version = rules.stamp
        row.save()
    for key, row in existing.items():
        if key in plan.running:
            continue
        row.level = plan.levels[key]
        if key in plan.idle:
            row.stopped = row.stopped or row.met_at is None
            row.next_escalation_at, row.warn_at = None, None
        row.save()
