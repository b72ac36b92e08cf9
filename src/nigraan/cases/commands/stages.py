"""The case's way through the justice process: which stage may follow which comes from
rules/pipeline.yaml (nigraan.cases.pipeline); closing needs a reason and may be flagged."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET

from nigraan.accounts.permissions import Action
from nigraan.cases import closing_hooks
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.closing import approval_needed, had_fir
from nigraan.cases.commands.core import (
    CommandRefused,
    _choice,
    _lock_case,
    _optional_past_date,
    _reason,
    _record,
)
from nigraan.cases.models import Case
from nigraan.cases.offences import closure_reasons
from nigraan.cases.pipeline import Pipeline, current_pipeline
from nigraan.cases.vocabulary import Stage


def _stage_label(code: str) -> str:
    return str(dict(Stage.choices).get(code, code))


def next_stages(case: Case) -> list[str]:
    """The stages this case may move to now, in pipeline order (closing aside)."""
    allowed = (
        current_pipeline().next_stages(case.stage, case.district_id, case.province_id)
        if case.is_open
        else frozenset()
    )
    return [code for code in Stage.values if code in allowed]


def _check_move(case: Case, stage: str, pipeline: Pipeline) -> None:
    """Refuse a move the pipeline does not allow from the case's current stage."""
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    if stage == case.stage:
        raise CommandRefused(_("The case is already at that stage."))
    if stage == Stage.VERDICT:
        raise CommandRefused(_("Record the verdict with its outcome, in the court form."))
    if stage == Stage.CLOSED or stage in pipeline.next_stages(
        case.stage, case.district_id, case.province_id
    ):
        return
    allowed = ", ".join(_stage_label(s) for s in next_stages(case) if s != Stage.VERDICT) or "—"
    raise CommandRefused(
        _("A case at “%(current)s” cannot move to “%(stage)s”. It can move to: %(allowed)s.")
        % {"current": _stage_label(case.stage), "stage": _stage_label(stage), "allowed": allowed}
    )


def _closing_flag(history: list[ev.RecordedEvent], reason_code: str) -> bool:
    """Closed without an FIR, or by a "compromise": oversight looks at it."""
    return (not had_fir(history)) or reason_code == "compromise"


@transaction.atomic
def record_stage(
    actor: Actor,
    ref: str,
    *,
    stage: str,
    reason: str = "",
    reason_code: str = "",
    on: str | None = None,
) -> Case:
    """Record that a case reached a stage, if rules/pipeline.yaml lets it follow the current one
    (``on``: the day it happened, when that was before today). Closing needs a reason code from
    rules/closure.yaml, a reason, and a supervisor's or district officer's approval (the
    close_case permission); a case closed without an FIR, or by a "compromise", is flagged for
    oversight. A closing that needs a second person (``closing.approval_needed``: the case has
    an FIR, or the code is a duplicate or a withdrawal) is refused here: it goes through
    ``closing.request_closure`` and ``closing.decide_closure``. The rules in force are written
    into the event."""
    case = _lock_case(ref)
    stage = _choice(stage, Stage, _("stage"))
    require_permission(actor, Action.CLOSE_CASE if stage == Stage.CLOSED else Action.ADD_NOTE, case)
    pipeline = current_pipeline()
    _check_move(case, stage, pipeline)
    reason = _reason(reason, required=stage == Stage.CLOSED)
    day = _optional_past_date(on) or UNSET
    if stage != Stage.CLOSED:
        event = ev.StageRecorded(stage=stage, reason=reason, rules=pipeline.stamp, on=day)
        return _record(case, ref, actor, event)
    if reason_code not in closure_reasons():
        raise CommandRefused(_("Choose why the case is closed from the list."))
    closing_hooks.check_closing(ref)  # e.g. an alert still drafted or public must end first
    history = ev.case_history(ref)
    if approval_needed(history, reason_code):
        raise CommandRefused(
            _(
                "Closing this case needs a second person's approval: ask for it (the closing "
                "request), and another supervisor or district officer approves or refuses it."
            )
        )
    closing = ev.StageRecorded(
        stage=stage,
        reason=reason,
        rules=pipeline.stamp,
        on=day,
        reason_code=reason_code,
        flag=_closing_flag(history, reason_code),
    )
    return _record(case, ref, actor, closing)
