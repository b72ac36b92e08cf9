"""Keeping a case's deadlines in step with its stage, in the same transaction as each event."""

from __future__ import annotations

import datetime as dt

from nigraan.cases.models import Case, Deadline
from nigraan.cases.rules import current_rules

STAGE_CHANGING = {"case.opened", "case.assigned", "case.stage_recorded"}


def refresh_deadlines(case: Case, kind: str, at: dt.datetime) -> None:
    """Start the deadlines the case's new stage starts, mark met the ones it meets, stop all
    when the case closes. Called by cases.commands after each event is applied."""
    if kind not in STAGE_CHANGING:
        return
    rules = current_rules()
    existing = {d.rule_id: d for d in Deadline.objects.filter(case=case)}
    for rule in rules.for_place(case.district_id, case.province_id):
        deadline = existing.get(rule.id)
        if deadline is None:
            if case.is_open and case.stage in rule.starts_at and rule.applies_to(case.category, case.report):
                due = at + rule.within
                Deadline.objects.create(
                    case=case, rule_id=rule.id, title=rule.title, rules_version=f"v{rules.version}:{rules.digest}",
                    started_at=at, due_at=due, escalate_every=rule.escalate_every, next_escalation_at=due,
                )
            continue
        if deadline.met_at is not None or deadline.stopped:
            continue
        if case.stage in rule.met_at:
            deadline.met_at, deadline.next_escalation_at = at, None
            deadline.save(update_fields=["met_at", "next_escalation_at"])
        elif not case.is_open:
            deadline.stopped, deadline.next_escalation_at = True, None
            deadline.save(update_fields=["stopped", "next_escalation_at"])
